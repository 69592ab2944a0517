"""Layers: attention family."""

__all__: list[str] = []
