"""Layers: regularization family."""

__all__: list[str] = []
