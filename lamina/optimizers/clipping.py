"""Gradient clipping as optax transformations, with the formulas of Keras 3.

``clipvalue`` is :func:`optax.clip` (the same ``clip(g, -v, v)`` as Keras). The two
norm clippers are written here because optax computes them differently from Keras:

- ``clipnorm`` clips *each* gradient by its own L2 norm:
  ``g * clipnorm / max(norm(g), clipnorm)`` (optax has no per-tensor norm clip).
- ``global_clipnorm`` scales all gradients by ``clip * min(1 / norm, 1 / clip)``;
  optax divides by the norm instead, which differs in the last bits, and Keras also
  turns every gradient into NaN when the global norm is not finite.

>>> import jax.numpy as jnp
>>> tx = clip_by_norm_per_tensor(1.0)
>>> updates, _ = tx.update([jnp.array([3.0, 4.0])], tx.init(None))
>>> [round(float(x), 4) for x in updates[0]]
[0.6, 0.8]
"""

import jax.numpy as jnp
import optax


def _none_safe(fn):
    return lambda updates: [None if g is None else fn(g) for g in updates]


def clip_by_norm_per_tensor(clipnorm):
    """Clip every gradient so that its own L2 norm is at most ``clipnorm`` (Keras ``clipnorm``).

    >>> tx = clip_by_norm_per_tensor(10.0)
    >>> float(tx.update([jnp.array([3.0, 4.0])], tx.init(None))[0][0][1])
    4.0
    """

    def clip(g):
        l2sum = jnp.sum(jnp.square(g), axis=None, keepdims=True)
        positive = l2sum > 0
        safe = jnp.where(positive, l2sum, jnp.ones_like(l2sum))
        l2norm = jnp.where(positive, jnp.sqrt(safe), l2sum)
        return (g * clipnorm) / jnp.maximum(l2norm, clipnorm)

    def update_fn(updates, state, params=None):
        del params
        return _none_safe(clip)(updates), state

    return optax.GradientTransformation(lambda params: optax.EmptyState(), update_fn)


def clip_by_global_norm(global_clipnorm):
    """Scale all gradients together so their global L2 norm is at most ``global_clipnorm``.

    >>> tx = clip_by_global_norm(1.0)
    >>> out, _ = tx.update([jnp.array([3.0]), jnp.array([4.0])], tx.init(None))
    >>> [round(float(g[0]), 4) for g in out]
    [0.6, 0.8]
    """

    def update_fn(updates, state, params=None):
        del params
        present = [g for g in updates if g is not None]
        norm = jnp.sqrt(jnp.sum(jnp.stack([jnp.sum(jnp.square(g)) for g in present])))
        scale = global_clipnorm * jnp.minimum(1.0 / norm, 1.0 / global_clipnorm)
        # A non-finite norm makes the scale NaN (as in Keras), instead of zeroing grads.
        scale = scale + (norm - norm)
        return _none_safe(lambda g: g * scale)(updates), state

    return optax.GradientTransformation(lambda params: optax.EmptyState(), update_fn)


def clip_by_value(clipvalue):
    """Clip every gradient element into ``[-clipvalue, clipvalue]`` (:func:`optax.clip`).

    >>> tx = clip_by_value(0.5)
    >>> tx.update([jnp.array([-2.0, 0.1])], tx.init(None))[0][0].tolist()
    [-0.5, 0.10000000149011612]
    """
    inner = optax.clip(clipvalue)

    def update_fn(updates, state, params=None):
        del params
        present = [g for g in updates if g is not None]
        clipped = iter(inner.update(present, state)[0])
        return [None if g is None else next(clipped) for g in updates], state

    return optax.GradientTransformation(inner.init, update_fn)


def make_clipping(clipnorm=None, clipvalue=None, global_clipnorm=None):
    """The clipping transformation for an optimizer's clip arguments (identity if none).

    Like Keras, a value of ``0`` or ``None`` disables the corresponding clip.

    >>> make_clipping().update([jnp.ones(2)], optax.EmptyState())[0][0].tolist()
    [1.0, 1.0]
    """
    if clipnorm and clipnorm > 0:
        return clip_by_norm_per_tensor(clipnorm)
    if global_clipnorm and global_clipnorm > 0:
        return clip_by_global_norm(global_clipnorm)
    if clipvalue and clipvalue > 0:
        return clip_by_value(clipvalue)
    return optax.identity()

