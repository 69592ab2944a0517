"""Layers: preprocessing family."""

__all__: list[str] = []
