"""Object naming: snake_case class names and per-session unique names."""

import re

_NAME_COUNTERS: dict[str, int] = {}


def to_snake_case(name: str) -> str:
    """``"BatchNormalization"`` -> ``"batch_normalization"``."""
    intermediate = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", re.sub(r"\W+", "", name))
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure[1:] if insecure.startswith("_") else insecure


def uniquify(base: str) -> str:
    """Return ``base`` the first time, then ``base_1``, ``base_2``... (reset by clear_session)."""
    count = _NAME_COUNTERS.get(base, 0)
    _NAME_COUNTERS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def auto_name(obj_or_cls) -> str:
    """A unique snake_case name for an object (from its class name)."""
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    return uniquify(to_snake_case(cls.__name__))


def reset_names() -> None:
    """Forget every name handed out so far (part of ``clear_session``)."""
    _NAME_COUNTERS.clear()
