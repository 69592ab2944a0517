"""Initializer lookup: ``get``, ``serialize`` and ``deserialize``.

Names are the class names (``"GlorotUniform"``), their snake_case forms
(``"glorot_uniform"``) and Keras' aliases (``"normal"``, ``"uniform"``, ``"zero"``,
``"one"``, ``"IdentityInitializer"``, ``"OrthogonalInitializer"``, ``"STFTInitializer"``).
"""

import jax
import jax.numpy as jnp
import numpy as np

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
from lamina.utils.object_lookup import ObjectLookup

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


_LOOKUP = ObjectLookup("initializer", ALL_INITIALIZERS, example="'glorot_uniform'")


def serialize(initializer):
    """The Keras config dict of an initializer.

    >>> serialize(Zeros())["class_name"]
    'Zeros'
    """
    return _LOOKUP.serialize(initializer)


def deserialize(config, custom_objects=None):
    """An initializer instance from a config dict or a name.

    >>> type(deserialize("glorot_uniform")).__name__
    'GlorotUniform'
    >>> deserialize({"class_name": "Constant", "config": {"value": 2.0}}).value
    2.0
    """
    return _LOOKUP.deserialize(config, custom_objects)


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
    if isinstance(identifier, (jax.Array, np.ndarray, np.generic)):
        return _from_array(identifier)
    return _LOOKUP.get(identifier, extra_kinds=" (shape, dtype) -> array, or an array")
