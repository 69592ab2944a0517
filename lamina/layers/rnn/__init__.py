"""Layers: rnn family."""

__all__: list[str] = []
