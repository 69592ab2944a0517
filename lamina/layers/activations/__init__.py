"""Layers: activations family."""

__all__: list[str] = []
