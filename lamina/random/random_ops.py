"""Random tensors drawn from a seed: an int, a ``SeedGenerator`` or None (global stream).

Inside a jitted function pass a ``SeedGenerator`` (its state advances through the
StatelessScope), never None.

>>> normal((2, 3), seed=1).shape
(2, 3)
"""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.core.random import draw_key


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from N(mean, stddev**2)."""
    dtype = standardize_dtype(dtype)
    return mean + stddev * jax.random.normal(draw_key(seed), tuple(shape), dtype)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from U[minval, maxval)."""
    dtype = standardize_dtype(dtype)
    return jax.random.uniform(draw_key(seed), tuple(shape), dtype, minval, maxval)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples truncated to two standard deviations."""
    dtype = standardize_dtype(dtype)
    sample = jax.random.truncated_normal(draw_key(seed), -2.0, 2.0, tuple(shape), dtype)
    return mean + stddev * sample


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers in [minval, maxval)."""
    return jax.random.randint(draw_key(seed), tuple(shape), minval, maxval,
                              standardize_dtype(dtype))


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Class indices drawn from ``logits`` (batch, classes) -> (batch, num_samples)."""
    logits = convert_to_tensor(logits)
    samples = jax.random.categorical(draw_key(seed), logits[:, None, :],
                                     shape=(logits.shape[0], num_samples))
    return samples.astype(standardize_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zero entries with probability ``rate`` and scale the rest by ``1 / (1 - rate)``."""
    inputs = convert_to_tensor(inputs)
    shape = tuple(noise_shape) if noise_shape is not None else inputs.shape
    keep = jax.random.bernoulli(draw_key(seed), 1.0 - rate, shape)
    return jnp.where(keep, inputs / (1.0 - rate), jnp.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    """``x`` permuted along ``axis``."""
    return jax.random.permutation(draw_key(seed), convert_to_tensor(x), axis=axis)
