"""``dot_product_attention``: scaled dot-product attention over ``(batch, time, heads,
head_dim)`` arrays, with grouped-query attention when ``key`` has fewer heads."""

import jax
import jax.numpy as jnp

from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = ["dot_product_attention"]


def _as_bnts(t):
    """A bias / mask as a rank-4 array broadcastable to ``(B, N, T, S)``; a rank-3 one is
    read as ``(B, T, S)``, shared by every head."""
    t = convert_to_tensor(t)
    if t.ndim == 3:
        t = t[:, None]
    return t


@symbolic_aware
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None,
                          is_causal=False, flash_attention=None, attn_logits_soft_cap=None):
    """``softmax(query . key * scale + bias) . value`` per head.

    Shapes: ``query (B, T, N, H)``, ``key`` / ``value`` ``(B, S, K, H)`` with ``N`` a
    multiple of ``K``. ``bias`` is added to the ``(B, N, T, S)`` logits; ``mask`` (True =
    attend) and ``is_causal`` hide keys. ``scale`` defaults to ``1 / sqrt(H)``.
    ``attn_logits_soft_cap`` caps the logits with ``cap * tanh(logits / cap)`` (Keras
    supports it on TPU only; here it works everywhere). Logits and the softmax are
    computed in at least float32. ``flash_attention=True`` lets JAX pick a fused kernel
    (cuDNN on GPU) when no soft cap or mask is set.

    >>> import numpy as np
    >>> q = np.ones((2, 4, 8, 16), "float32")
    >>> dot_product_attention(q, q[:, :3, :2], q[:, :3, :2]).shape
    (2, 4, 8, 16)
    """
    query, key, value = (convert_to_tensor(t) for t in (query, key, value))
    if query.ndim != 4 or key.ndim != 4 or value.shape != key.shape:
        raise ValueError(
            "ops.dot_product_attention: expected query (B, T, N, H) and key / value of the "
            f"same shape (B, S, K, H); received query {tuple(query.shape)}, key "
            f"{tuple(key.shape)}, value {tuple(value.shape)}."
        )
    b, t, n, h = query.shape
    k = key.shape[2]
    if n % k:
        raise ValueError(
            f"ops.dot_product_attention: the query has {n} heads, not a multiple of the "
            f"{k} key/value heads."
        )
    scale = 1.0 / float(h) ** 0.5 if scale is None else scale
    if flash_attention and attn_logits_soft_cap is None and mask is None:
        return jax.nn.dot_product_attention(
            query, key, value, bias=None if bias is None else _as_bnts(bias), scale=scale,
            is_causal=is_causal,
        )
    logits_dtype = jnp.promote_types(query.dtype, jnp.float32)
    grouped = query.reshape(b, t, k, n // k, h)
    logits = jnp.einsum("btkgh,bskh->bkgts", grouped, key,
                        preferred_element_type=logits_dtype)
    logits = logits.reshape(b, n, t, key.shape[1]) * jnp.asarray(scale, logits_dtype)
    if bias is not None:
        logits = logits + _as_bnts(bias).astype(logits_dtype)
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * jnp.tanh(logits / attn_logits_soft_cap)
    keep = None if mask is None else _as_bnts(mask).astype(bool)
    if is_causal:
        causal = jnp.tril(jnp.ones((t, key.shape[1]), bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        hidden = jnp.asarray(-0.7 * jnp.finfo(logits_dtype).max, logits_dtype)
        logits = jnp.where(keep, logits, hidden)
    probs = jax.nn.softmax(logits.astype(jnp.float32), axis=-1).astype(key.dtype)
    probs = probs.reshape(b, k, n // k, t, key.shape[1])
    out = jnp.einsum("bkgts,bskh->btkgh", probs, value)
    return out.reshape(b, t, n, h)
