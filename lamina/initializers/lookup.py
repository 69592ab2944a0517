"""Initializer lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"GlorotUniform"``), their snake_case forms
(``"glorot_uniform"``) and Keras' aliases (``"normal"``, ``"uniform"``, ``"zero"``,
``"one"``, ``"IdentityInitializer"``, ``"OrthogonalInitializer"``, ``"STFTInitializer"``).
"""

import inspect

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)
from lamina.core.convert import standardize_dtype
from lamina.initializers.constant_initializers import Constant, Identity, Ones, Zeros
from lamina.initializers.initializer import Initializer
from lamina.initializers.orthogonal import Orthogonal
from lamina.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
)
from lamina.initializers.stft import STFT
from lamina.utils.naming import to_snake_case

_CLASSES = (
    Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform,
    HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal,
    RandomUniform, TruncatedNormal, VarianceScaling,
)
#: Every name ``get`` / ``deserialize`` accept for a built-in initializer.
ALL_INITIALIZERS = {cls.__name__: cls for cls in _CLASSES}
ALL_INITIALIZERS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
ALL_INITIALIZERS.update({
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "normal": RandomNormal,
    "uniform": RandomUniform,
    "one": Ones,
    "zero": Zeros,
})


def _unknown(name):
    return SerializationError(
        f"Unknown initializer {name!r}. Built-in initializers are: "
        f"{', '.join(sorted(ALL_INITIALIZERS))}. For a custom initializer, register it with "
        "@lamina.saving.register_keras_serializable() or pass it in custom_objects={...}."
    )


def serialize(initializer):
    """The Keras config dict of an initializer.

    >>> serialize(Zeros())["class_name"]
    'Zeros'
    """
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """An initializer instance from a config dict or a name.

    >>> type(deserialize("glorot_uniform")).__name__
    'GlorotUniform'
    >>> deserialize({"class_name": "Constant", "config": {"value": 2.0}}).value
    2.0
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if not isinstance(config, dict) or "class_name" not in config:
        raise SerializationError(
            "initializers.deserialize: expected a name or a dict with 'class_name' and "
            f"'config', received {config!r}."
        )
    name = config.get("registered_name") or config["class_name"]
    if (get_registered_object(name, custom_objects, ALL_INITIALIZERS) is None
            and get_registered_object(config["class_name"], custom_objects,
                                      ALL_INITIALIZERS) is None):
        raise _unknown(name)
    obj = deserialize_keras_object(
        config, custom_objects, module_objects=ALL_INITIALIZERS, kind="initializer"
    )
    return obj() if inspect.isclass(obj) else obj


def _from_array(array):
    def initialize_from_array(shape, dtype=None):
        if tuple(shape) != tuple(array.shape):
            raise ValueError(
                f"Initializer from an array: the array has shape {tuple(array.shape)} but "
                f"the weight has shape {tuple(shape)}. The shapes must match exactly."
            )
        with jax.ensure_compile_time_eval():
            return jnp.asarray(array, dtype=standardize_dtype(dtype))

    return initialize_from_array


def get(identifier):
    """An initializer from a name, a config dict, a class, a callable, or an array.

    An array gives an initializer returning that array (the requested shape must
    match). None gives None.

    >>> type(get("he_normal")).__name__, get(None)
    ('HeNormal', None)
    >>> get(np.ones((2,)))((2,)).tolist()
    [1.0, 1.0]
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if isinstance(identifier, (jax.Array, np.ndarray, np.generic)):
        return _from_array(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"initializers.get: could not interpret {identifier!r} (type "
        f"{type(identifier).__name__}) as an initializer. Expected None, a name such as "
        "'glorot_uniform', a config dict, an Initializer, a callable (shape, dtype) -> "
        "array, or an array."
    )
