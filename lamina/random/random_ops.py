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


def gamma(shape, alpha, dtype=None, seed=None):
    """Samples from the Gamma distribution with concentration ``alpha`` (unit rate).

    >>> sample = gamma((1000,), alpha=2.0, seed=0)
    >>> sample.shape, bool(abs(float(sample.mean()) - 2.0) < 0.2)
    ((1000,), True)
    """
    dtype = standardize_dtype(dtype)
    return jax.random.gamma(draw_key(seed), jnp.asarray(alpha), tuple(shape), dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Number of successes in ``counts`` trials of success probability ``probabilities``
    (both broadcast against ``shape``), as floats of ``dtype`` (``floatx()`` by default).

    >>> sample = binomial((1000,), counts=10, probabilities=0.3, seed=0)
    >>> bool(abs(float(sample.mean()) - 3.0) < 0.3)
    True
    """
    dtype = standardize_dtype(dtype)
    return jax.random.binomial(
        draw_key(seed), jnp.asarray(counts), jnp.asarray(probabilities), tuple(shape), dtype
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Samples from the Beta(``alpha``, ``beta``) distribution, values in [0, 1].

    >>> sample = beta((1000,), alpha=2.0, beta=2.0, seed=0)
    >>> bool(abs(float(sample.mean()) - 0.5) < 0.05)
    True
    """
    dtype = standardize_dtype(dtype)
    return jax.random.beta(
        draw_key(seed), jnp.asarray(alpha), jnp.asarray(beta), tuple(shape), dtype
    )
