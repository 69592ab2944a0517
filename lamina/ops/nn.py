"""Neural-network ops (activations, one-hot, normalisation helpers).

>>> import numpy as np
>>> one_hot(np.array([0, 2]), 3).tolist()
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.ops.dispatch import symbolic_aware


def _unary(jax_fn, name, doc):
    @symbolic_aware(keeps_mask=True)
    def fn(x):
        return jax_fn(convert_to_tensor(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{doc} (elementwise; keeps masks)."
    return fn


relu = _unary(jax.nn.relu, "relu", "max(x, 0)")
relu6 = _unary(jax.nn.relu6, "relu6", "min(max(x, 0), 6)")
sigmoid = _unary(jax.nn.sigmoid, "sigmoid", "1 / (1 + exp(-x))")
tanh = _unary(jnp.tanh, "tanh", "Hyperbolic tangent")
softplus = _unary(jax.nn.softplus, "softplus", "log(1 + exp(x))")
softsign = _unary(jax.nn.soft_sign, "softsign", "x / (1 + |x|)")
silu = _unary(jax.nn.silu, "silu", "x * sigmoid(x)")
swish = silu
log_sigmoid = _unary(jax.nn.log_sigmoid, "log_sigmoid", "log(sigmoid(x))")
selu = _unary(jax.nn.selu, "selu", "Scaled exponential linear unit")


@symbolic_aware(keeps_mask=True)
def elu(x, alpha=1.0):
    """Exponential linear unit."""
    return jax.nn.elu(convert_to_tensor(x), alpha)


@symbolic_aware(keeps_mask=True)
def leaky_relu(x, negative_slope=0.2):
    """``x`` if positive else ``negative_slope * x``."""
    return jax.nn.leaky_relu(convert_to_tensor(x), negative_slope)


@symbolic_aware(keeps_mask=True)
def gelu(x, approximate=True):
    """Gaussian error linear unit."""
    return jax.nn.gelu(convert_to_tensor(x), approximate=approximate)


@symbolic_aware(keeps_mask=True)
def softmax(x, axis=-1):
    """Softmax over ``axis`` (keeps per-timestep masks when axis is the feature axis)."""
    return jax.nn.softmax(convert_to_tensor(x), axis=axis)


@symbolic_aware(keeps_mask=True)
def log_softmax(x, axis=-1):
    """Log of the softmax over ``axis``."""
    return jax.nn.log_softmax(convert_to_tensor(x), axis=axis)


@symbolic_aware
def one_hot(x, num_classes, axis=-1, dtype=None):
    """One-hot encoding of integer ``x`` (float ``dtype`` by default)."""
    return jax.nn.one_hot(
        convert_to_tensor(x), num_classes, axis=axis, dtype=standardize_dtype(dtype)
    )


@symbolic_aware
def moments(x, axes, keepdims=False):
    """Mean and variance over ``axes``."""
    x = convert_to_tensor(x)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(x - jax.lax.stop_gradient(mean)), axis=axes, keepdims=True)
    if not keepdims:
        mean, variance = jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)
    return mean, variance


# The rest of ``keras.ops.nn``, one themed module each; re-exported here so that
# ``lamina.ops.nn.<name>`` works like ``keras.ops.nn.<name>``.
from lamina.ops.nn_activations import *  # noqa: E402,F401,F403
from lamina.ops.nn_attention import *  # noqa: E402,F401,F403
from lamina.ops.nn_conv import *  # noqa: E402,F401,F403
from lamina.ops.nn_losses import *  # noqa: E402,F401,F403
from lamina.ops.nn_norm import *  # noqa: E402,F401,F403
from lamina.ops.nn_patches import *  # noqa: E402,F401,F403
from lamina.ops.nn_pool import *  # noqa: E402,F401,F403
