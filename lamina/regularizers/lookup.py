"""Regularizer lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"L2"``) and their snake_case forms (``"l2"``; ``L1L2`` is
both ``"l1_l2"``, its public alias, and ``"l1l2"``, the name Keras' lookup uses).
"""

from lamina.regularizers.regularizers import L1, L1L2, L2, OrthogonalRegularizer, Regularizer
from lamina.utils.naming import to_snake_case
from lamina.utils.object_lookup import ObjectLookup

_CLASSES = (L1, L1L2, L2, OrthogonalRegularizer, Regularizer)
#: Every name ``get`` / ``deserialize`` accept for a built-in regularizer.
ALL_REGULARIZERS = {cls.__name__: cls for cls in _CLASSES}
ALL_REGULARIZERS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_REGULARIZERS["l1_l2"] = L1L2  # the public alias ``l1_l2``; "l1l2" is Keras' snake_case


_LOOKUP = ObjectLookup("regularizer", ALL_REGULARIZERS, example="'l2'")


def serialize(regularizer):
    """The Keras config dict of a regularizer."""
    return _LOOKUP.serialize(regularizer)


def deserialize(config, custom_objects=None):
    """A regularizer instance from a config dict or a name."""
    return _LOOKUP.deserialize(config, custom_objects)


def get(identifier):
    """A regularizer from a name, a config dict, a class, or a callable; None gives None."""
    return _LOOKUP.get(identifier)
