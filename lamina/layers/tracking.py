"""Finding a layer's sublayers, variables and seed generators from its attributes.

Nothing is registered by ``__setattr__`` magic: the attributes are scanned in
assignment order (lists, tuples and dicts included), so the result is always derived
from what the object actually holds.
"""

from lamina.core.random import SeedGenerator
from lamina.core.variable import Variable

_SKIPPED = frozenset({"_inbound_nodes", "input_spec", "_losses", "_parent_model_ref"})


def _scan(value, kinds, found, seen, depth=0):
    if depth > 6:
        return
    if isinstance(value, kinds):
        if id(value) not in seen:
            seen.add(id(value))
            found.append(value)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _scan(item, kinds, found, seen, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            _scan(item, kinds, found, seen, depth + 1)


def attributes_of_kind(obj, kinds) -> list:
    """Objects of ``kinds`` held by ``obj``'s attributes, in attribute order, deduplicated."""
    found, seen = [], set()
    for name, value in vars(obj).items():
        if name not in _SKIPPED:
            _scan(value, kinds, found, seen)
    return found


def attribute_variables(obj) -> list:
    return attributes_of_kind(obj, Variable)


def attribute_seed_generators(obj) -> list:
    return attributes_of_kind(obj, SeedGenerator)
