"""Deterministic initializers: ``Zeros``, ``Ones``, ``Constant``, ``Identity``."""

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.convert import standardize_dtype
from lamina.initializers.initializer import Initializer, check_shape


@register_builtin
class Zeros(Initializer):
    """All zeros.

    >>> Zeros()((2,)).tolist()
    [0.0, 0.0]
    """

    def __call__(self, shape, dtype=None):
        shape = check_shape(self, shape)
        with jax.ensure_compile_time_eval():
            return jnp.zeros(shape, dtype=standardize_dtype(dtype))


@register_builtin
class Ones(Initializer):
    """All ones.

    >>> Ones()((2,), dtype="int32").tolist()
    [1, 1]
    """

    def __call__(self, shape, dtype=None):
        shape = check_shape(self, shape)
        with jax.ensure_compile_time_eval():
            return jnp.ones(shape, dtype=standardize_dtype(dtype))


def _restore_value(value):
    """A config value back to a number or numpy array (also from Keras' tensor dicts)."""
    if isinstance(value, dict) and value.get("class_name") in ("__tensor__", "__numpy__"):
        inner = value.get("config", {})
        return np.asarray(inner.get("value"), dtype=inner.get("dtype"))
    return deserialize_keras_object(value)


@register_builtin
class Constant(Initializer):
    """Every entry equal to ``value``.

    ``value`` is a scalar, or an array that broadcasts to the requested shape (numpy
    rules, as in Keras: e.g. a per-column value for a 2D kernel); an array that does not
    broadcast is an error.

    >>> Constant(3.0)((2, 2)).tolist()
    [[3.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        shape = check_shape(self, shape)
        dtype = standardize_dtype(dtype)
        with jax.ensure_compile_time_eval():
            value = jnp.asarray(self.value, dtype=dtype)
            try:
                return jnp.broadcast_to(value, shape)
            except ValueError:
                raise ValueError(
                    f"Constant: value of shape {tuple(value.shape)} cannot be broadcast to "
                    f"the requested shape {shape}. Pass a scalar, or an array whose shape "
                    "broadcasts to the weight's shape."
                ) from None

    def get_config(self):
        return {"value": serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config):
        return cls(_restore_value(config.get("value", 0.0)))


@register_builtin(names=("IdentityInitializer",))
class Identity(Initializer):
    """``gain`` times the identity matrix (2D shapes only; rectangular shapes get ones on
    the main diagonal).

    >>> Identity(gain=2.0)((2, 3)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = check_shape(self, shape)
        if len(shape) != 2:
            raise ValueError(
                f"Identity: can only initialize 2D matrices, received shape={shape} of rank "
                f"{len(shape)}. Use it for Dense kernels or recurrent kernels."
            )
        dtype = standardize_dtype(dtype)
        with jax.ensure_compile_time_eval():
            return (self.gain * jnp.eye(*shape, dtype=dtype)).astype(dtype)

    def get_config(self):
        return {"gain": self.gain}
