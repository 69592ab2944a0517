"""Constraint lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"MaxNorm"``) and their snake_case forms (``"max_norm"``).
"""

import inspect

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.constraints.constraints import Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from lamina.utils.naming import to_snake_case

_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
#: Every name ``get`` / ``deserialize`` accept for a built-in constraint.
ALL_CONSTRAINTS = {cls.__name__: cls for cls in _CLASSES}
ALL_CONSTRAINTS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})


def _unknown(name):
    return SerializationError(
        f"Unknown constraint {name!r}. Built-in constraints are: "
        f"{', '.join(sorted(ALL_CONSTRAINTS))}. For a custom constraint, register it with "
        "@lamina.saving.register_keras_serializable() or pass it in custom_objects={...}."
    )


def serialize(constraint):
    """The Keras config dict of a constraint.

    >>> serialize(MaxNorm())["class_name"]
    'MaxNorm'
    """
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """A constraint instance from a config dict or a name.

    >>> type(deserialize("max_norm")).__name__
    'MaxNorm'
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if not isinstance(config, dict) or "class_name" not in config:
        raise SerializationError(
            "constraints.deserialize: expected a name or a dict with 'class_name' and "
            f"'config', received {config!r}."
        )
    name = config.get("registered_name") or config["class_name"]
    if (get_registered_object(name, custom_objects, ALL_CONSTRAINTS) is None
            and get_registered_object(config["class_name"], custom_objects,
                                      ALL_CONSTRAINTS) is None):
        raise _unknown(name)
    obj = deserialize_keras_object(
        config, custom_objects, module_objects=ALL_CONSTRAINTS, kind="constraint"
    )
    return obj() if inspect.isclass(obj) else obj


def get(identifier):
    """A constraint from a name, a config dict, a class, or a callable; None gives None.

    >>> type(get("max_norm")).__name__, get(None)
    ('MaxNorm', None)
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
        f"constraints.get: could not interpret {identifier!r} (type "
        f"{type(identifier).__name__}) as a constraint. Expected None, a name such as "
        "'max_norm', a config dict, a Constraint instance or class, or a callable."
    )
