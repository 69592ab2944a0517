"""Activation lookup: ``get``, ``serialize`` and ``deserialize``.

Built-in activations serialize to their name (``"relu"``); ``swish`` and ``hard_swish``
are aliases of ``silu`` and ``hard_silu``. Configs written by Keras
(``{"class_name": "function", "config": "relu", ...}``) deserialize too.
"""

import inspect

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.activations.normalizing import glu, log_softmax, softmax, sparsemax
from lamina.activations.rectifiers import (
    celu,
    elu,
    exponential,
    gelu,
    hard_silu,
    leaky_relu,
    linear,
    mish,
    relu,
    relu6,
    selu,
    silu,
    softplus,
    sparse_plus,
    squareplus,
)
from lamina.activations.squashing import (
    hard_shrink,
    hard_sigmoid,
    hard_tanh,
    log_sigmoid,
    sigmoid,
    soft_shrink,
    softsign,
    sparse_sigmoid,
    tanh,
    tanh_shrink,
    threshold,
)

_FUNCTIONS = (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh,
    leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu,
    soft_shrink, softmax, softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax,
    squareplus, tanh, tanh_shrink, threshold,
)
#: Every name ``get`` / ``deserialize`` accept for a built-in activation.
ALL_ACTIVATIONS = {fn.__name__: fn for fn in _FUNCTIONS}
ALL_ACTIVATIONS["swish"] = silu
ALL_ACTIVATIONS["hard_swish"] = hard_silu
_NAME_OF = {id(fn): fn.__name__ for fn in _FUNCTIONS}


def _unknown(identifier):
    return SerializationError(
        f"Unknown activation {identifier!r}. Built-in activations are: "
        f"{', '.join(sorted(ALL_ACTIVATIONS))}. For a custom activation, register it with "
        "@lamina.saving.register_keras_serializable() or pass it in custom_objects={...}."
    )


def _by_name(name, custom_objects=None):
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in ALL_ACTIVATIONS:
        return ALL_ACTIVATIONS[name]
    found = get_registered_object(name, custom_objects)
    if found is None or not callable(found):
        raise _unknown(name)
    return found


def serialize(activation):
    """The config of an activation: a name for functions, a dict for callable objects.

    >>> serialize(relu), serialize(ALL_ACTIVATIONS["swish"])
    ('relu', 'silu')
    """
    name = _NAME_OF.get(id(activation))
    if name is not None:
        return name
    if inspect.isfunction(activation) or hasattr(activation, "get_config"):
        return serialize_keras_object(activation)
    raise SerializationError(
        f"activations.serialize: cannot serialize {activation!r} of type "
        f"{type(activation).__name__}. Expected a built-in or registered activation "
        "function, or a callable object with get_config()."
    )


def deserialize(config, custom_objects=None):
    """The activation named (or configured) by ``config``.

    >>> deserialize("relu") is relu
    True
    >>> deserialize({"class_name": "function", "config": "tanh"}) is tanh
    True
    """
    if isinstance(config, str):
        return _by_name(config, custom_objects)
    if isinstance(config, dict) and config.get("class_name") == "function":
        inner = config.get("config")
        if not isinstance(inner, str):
            raise SerializationError(
                "activations.deserialize: a function config needs the function name in "
                f"'config', received {inner!r}."
            )
        return _by_name(inner, custom_objects)
    if isinstance(config, dict):
        return deserialize_keras_object(
            config, custom_objects, module_objects=ALL_ACTIVATIONS, kind="activation"
        )
    raise SerializationError(
        "activations.deserialize: expected an activation name or a config dict, received "
        f"{config!r} of type {type(config).__name__}."
    )


def get(identifier):
    """An activation function from a name, a config, a callable, or None (``linear``).

    >>> get(None) is linear, get("swish") is silu, get(tanh) is tanh
    (True, True, True)
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        found = deserialize(identifier)
    else:
        found = identifier
    if callable(found):
        return found
    raise ValueError(
        f"activations.get: could not interpret {identifier!r} (type "
        f"{type(identifier).__name__}) as an activation. Expected None, a name such as "
        "'relu', a config dict, or a callable."
    )
