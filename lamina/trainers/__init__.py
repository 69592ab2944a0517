"""Rung 8: the training loop (written once), pure steps, train state, compile mapping."""
