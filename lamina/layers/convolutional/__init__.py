"""Layers: convolutional family."""

__all__: list[str] = []
