"""Shared logic of callbacks that watch a logged value (EarlyStopping, ReduceLROnPlateau...)."""

import math
import warnings


def resolve_mode(owner: str, monitor: str, mode: str) -> str:
    """``"min"`` or ``"max"``; ``"auto"`` picks max for accuracy/AUC-like names (Keras rule)."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"{owner}: mode must be 'auto', 'min' or 'max', received {mode!r}.")
    if mode != "auto":
        return mode
    name = monitor.removeprefix("val_")
    if name.endswith("acc") or name.endswith("accuracy") or name.endswith("auc"):
        return "max"
    return "min"


def improved(current, reference, mode: str, min_delta: float) -> bool:
    if reference is None:
        return True
    if mode == "min":
        return current < reference - abs(min_delta)
    return current > reference + abs(min_delta)


def monitored_value(owner: str, monitor: str, logs):
    """The monitored value from ``logs`` (warns, naming the available keys, when absent)."""
    value = (logs or {}).get(monitor)
    if value is None:
        warnings.warn(
            f"{owner}: the monitored value '{monitor}' is not in the logs; available keys: "
            f"{sorted(logs or {})}. Nothing is done this epoch.",
            stacklevel=3,
        )
        return None
    value = float(value)
    return None if math.isnan(value) else value
