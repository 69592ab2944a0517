"""Layers: pooling family."""

__all__: list[str] = []
