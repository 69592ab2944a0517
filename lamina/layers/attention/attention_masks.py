"""Mask helpers shared by the attention layers: causal / window masks, masked softmax.

Masked positions are always removed with ``where`` (never by multiplying by 0): a
padded position may hold NaN or Inf, and ``0 * NaN`` is NaN, in values and in gradients.

>>> import numpy as np
>>> causal_mask(3, 3)[0].astype(int).tolist()
[[1, 0, 0], [1, 1, 0], [1, 1, 1]]
>>> probs = masked_softmax(np.zeros((1, 2, 2)), np.array([[[True, False], [False, False]]]))
>>> probs.tolist()  # a row with nothing to attend to gives zeros, not NaN
[[[1.0, 0.0], [0.0, 0.0]]]
"""

import jax
import jax.numpy as jnp


def causal_mask(query_length, key_length):
    """``(1, T, S)`` boolean mask: query ``i`` may attend to keys ``j <= i``.

    >>> causal_mask(2, 3)[0].astype(int).tolist()
    [[1, 0, 0], [1, 1, 0]]
    """
    rows = jnp.arange(query_length)[:, None]
    cols = jnp.arange(key_length)[None, :]
    return (rows >= cols)[None]


def window_mask(query_length, key_length, window):
    """``(1, T, S)`` boolean band: query ``i`` may attend to keys with ``|i - j| < window``.

    >>> window_mask(3, 3, 2)[0].astype(int).tolist()
    [[1, 1, 0], [1, 1, 1], [0, 1, 1]]
    """
    rows = jnp.arange(query_length)[:, None]
    cols = jnp.arange(key_length)[None, :]
    return (jnp.abs(rows - cols) < window)[None]


def logical_and(*masks):
    """AND of the given boolean masks (None entries skipped); None when all are None.

    >>> logical_and(None, jnp.array([True, False]), None).tolist()
    [True, False]
    """
    result = None
    for mask in masks:
        if mask is None:
            continue
        mask = as_bool(mask)
        result = mask if result is None else jnp.logical_and(result, mask)
    return result


def as_bool(mask):
    """A boolean array from a boolean or numeric mask (non-zero / > 0.5 is valid).

    >>> as_bool([1.0, 0.0]).tolist()
    [True, False]
    """
    mask = jnp.asarray(mask)
    if mask.dtype == jnp.bool_:
        return mask
    if jnp.issubdtype(mask.dtype, jnp.floating):
        return mask > 0.5
    return mask != 0


def check_position_mask(owner, arg, mask, x):
    """Check that ``mask`` covers the leading axes of ``x`` (e.g. ``(B, T)`` for ``(B, T, D)``).

    Raises a ValueError naming ``owner`` and the argument otherwise; returns the mask
    as booleans.

    >>> check_position_mask("layer", "query_mask", [[True, False]], jnp.zeros((1, 2, 3))).shape
    (1, 2)
    """
    mask = as_bool(mask)
    shape, mask_shape = tuple(x.shape), tuple(mask.shape)
    if not 0 < len(mask_shape) < len(shape) or shape[: len(mask_shape)] != mask_shape:
        raise ValueError(
            f"{owner}: {arg} must have the shape of the leading (batch, time...) axes of "
            f"its input, e.g. {shape[:2]} for an input of shape {shape}; received a mask "
            f"of shape {mask_shape}. Fix: pass one boolean per timestep (True = valid)."
        )
    return mask


def where_valid(x, mask, fill=0.0):
    """``x`` with the positions where ``mask`` is False replaced by ``fill``.

    ``mask`` covers the leading axes of ``x``; the gradient at removed positions is 0,
    so NaN padding reaches neither the result nor the gradients.

    >>> where_valid(jnp.array([[1.0, jnp.nan]]), jnp.array([[True, False]])).tolist()
    [[1.0, 0.0]]
    """
    if mask is None:
        return x
    mask = jnp.reshape(mask, tuple(mask.shape) + (1,) * (x.ndim - mask.ndim))
    return jnp.where(mask, x, jnp.asarray(fill, x.dtype))


def _large_negative(dtype):
    return jnp.asarray(-0.7 * jnp.finfo(dtype).max, dtype)


def masked_softmax(scores, mask=None, axis=-1):
    """Softmax over ``axis`` (an int or tuple) that gives 0 where ``mask`` is False.

    Half-precision scores are normalized in float32. A row with no valid entry gives
    all zeros (it attends to nothing) instead of NaN or a uniform distribution.

    >>> masked_softmax(jnp.array([0.0, 0.0]), jnp.array([True, True])).tolist()
    [0.5, 0.5]
    """
    scores = jnp.asarray(scores)
    dtype = scores.dtype
    work = scores.astype(jnp.float32) if dtype in (jnp.float16, jnp.bfloat16) else scores
    if mask is None:
        return jax.nn.softmax(work, axis=axis).astype(dtype)
    mask = as_bool(mask)
    work = jnp.where(mask, work, _large_negative(work.dtype))
    probs = jax.nn.softmax(work, axis=axis)
    return jnp.where(mask, probs, jnp.zeros((), probs.dtype)).astype(dtype)


def dropout_weights(weights, rate, seed_generator):
    """Drop attention weights with probability ``rate`` (kept ones scaled by ``1/(1-rate)``).

    Weights that are 0 (masked or causal) stay exactly 0.

    >>> from lamina.core.random import SeedGenerator
    >>> w = dropout_weights(jnp.ones((2, 4)), 0.5, SeedGenerator(1))
    >>> sorted(set(w.ravel().tolist())) in ([0.0, 2.0], [0.0], [2.0])
    True
    """
    if rate <= 0:
        return weights
    if rate >= 1:
        return jnp.zeros_like(weights)
    keep = jax.random.bernoulli(seed_generator.next(), 1.0 - rate, weights.shape)
    return jnp.where(keep, weights / jnp.asarray(1.0 - rate, weights.dtype),
                     jnp.zeros((), weights.dtype))
