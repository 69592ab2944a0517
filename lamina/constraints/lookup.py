"""Constraint lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"MaxNorm"``) and their snake_case forms (``"max_norm"``).
"""

from lamina.constraints.constraints import Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from lamina.utils.naming import to_snake_case
from lamina.utils.object_lookup import ObjectLookup

_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
#: Every name ``get`` / ``deserialize`` accept for a built-in constraint.
ALL_CONSTRAINTS = {cls.__name__: cls for cls in _CLASSES}
ALL_CONSTRAINTS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})


_LOOKUP = ObjectLookup("constraint", ALL_CONSTRAINTS, example="'max_norm'")


def serialize(constraint):
    """The Keras config dict of a constraint."""
    return _LOOKUP.serialize(constraint)


def deserialize(config, custom_objects=None):
    """A constraint instance from a config dict or a name."""
    return _LOOKUP.deserialize(config, custom_objects)


def get(identifier):
    """A constraint from a name, a config dict, a class, or a callable; None gives None."""
    return _LOOKUP.get(identifier)
