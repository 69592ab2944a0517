"""Regularizer lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"L2"``) and their snake_case forms (``"l2"``; ``L1L2`` is
both ``"l1_l2"``, its public alias, and ``"l1l2"``, the name Keras' lookup uses).
"""

import inspect

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.regularizers.regularizers import L1, L1L2, L2, OrthogonalRegularizer, Regularizer
from lamina.utils.naming import to_snake_case

_CLASSES = (L1, L1L2, L2, OrthogonalRegularizer, Regularizer)
#: Every name ``get`` / ``deserialize`` accept for a built-in regularizer.
ALL_REGULARIZERS = {cls.__name__: cls for cls in _CLASSES}
ALL_REGULARIZERS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_REGULARIZERS["l1l2"] = L1L2  # Keras' snake_case of "L1L2"; "l1_l2" is lamina's


def _unknown(name):
    return SerializationError(
        f"Unknown regularizer {name!r}. Built-in regularizers are: "
        f"{', '.join(sorted(ALL_REGULARIZERS))}. For a custom regularizer, register it with "
        "@lamina.saving.register_keras_serializable() or pass it in custom_objects={...}."
    )


def serialize(regularizer):
    """The Keras config dict of a regularizer.

    >>> serialize(L2())["class_name"]
    'L2'
    """
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """A regularizer instance from a config dict or a name.

    >>> type(deserialize("l2")).__name__
    'L2'
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if not isinstance(config, dict) or "class_name" not in config:
        raise SerializationError(
            "regularizers.deserialize: expected a name or a dict with 'class_name' and "
            f"'config', received {config!r}."
        )
    name = config.get("registered_name") or config["class_name"]
    if (get_registered_object(name, custom_objects, ALL_REGULARIZERS) is None
            and get_registered_object(config["class_name"], custom_objects,
                                      ALL_REGULARIZERS) is None):
        raise _unknown(name)
    obj = deserialize_keras_object(
        config, custom_objects, module_objects=ALL_REGULARIZERS, kind="regularizer"
    )
    return obj() if inspect.isclass(obj) else obj


def get(identifier):
    """A regularizer from a name, a config dict, a class, or a callable; None gives None.

    >>> type(get("l2")).__name__, get(None)
    ('L2', None)
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"regularizers.get: could not interpret {identifier!r} (type "
        f"{type(identifier).__name__}) as a regularizer. Expected None, a name such as "
        "'l2', a config dict, a Regularizer instance or class, or a callable."
    )
