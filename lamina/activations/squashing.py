"""Bounded and shrinking activations: sigmoids, tanh variants, shrink functions.

Every function takes a tensor (jax or numpy array, Variable, list, or a symbolic
KerasTensor, whose mask it keeps) and returns a tensor of the same shape.
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.activations._inputs import as_float_tensor
from lamina.ops.dispatch import symbolic_aware


@register_builtin
@symbolic_aware(keeps_mask=True)
def sigmoid(x):
    """Logistic sigmoid: ``1 / (1 + exp(-x))``.

    >>> [round(v, 4) for v in sigmoid([-2.0, 0.0, 2.0]).tolist()]
    [0.1192, 0.5, 0.8808]
    """
    return jax.nn.sigmoid(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def hard_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -3, 1 above 3, ``x / 6 + 0.5`` between.

    >>> hard_sigmoid([-4.0, 0.0, 3.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    return jax.nn.hard_sigmoid(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def sparse_sigmoid(x):
    """Sparse sigmoid: 0 for ``x <= -1``, 1 for ``x >= 1``, ``(x + 1) / 2`` between.

    >>> sparse_sigmoid([-2.0, 0.0, 0.5, 2.0]).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    return jax.nn.sparse_sigmoid(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def log_sigmoid(x):
    """``log(sigmoid(x))``, computed stably.

    >>> [round(v, 4) for v in log_sigmoid([0.0]).tolist()]
    [-0.6931]
    """
    return jax.nn.log_sigmoid(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def tanh(x):
    """Hyperbolic tangent.

    >>> [round(v, 4) for v in tanh([-1.0, 0.0, 1.0]).tolist()]
    [-0.7616, 0.0, 0.7616]
    """
    return jnp.tanh(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def hard_tanh(x):
    """Hard tanh: ``x`` clipped to ``[-1, 1]``.

    >>> hard_tanh([-2.0, 0.5, 2.0]).tolist()
    [-1.0, 0.5, 1.0]
    """
    return jax.nn.hard_tanh(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def softsign(x):
    """Softsign: ``x / (abs(x) + 1)``.

    >>> softsign([-1.0, 0.0, 3.0]).tolist()
    [-0.5, 0.0, 0.75]
    """
    return jax.nn.soft_sign(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def tanh_shrink(x):
    """Tanh shrink: ``x - tanh(x)``.

    >>> tanh_shrink([0.0]).tolist()
    [0.0]
    """
    x = as_float_tensor(x)
    return x - jnp.tanh(x)


@register_builtin
@symbolic_aware(keeps_mask=True)
def soft_shrink(x, threshold=0.5):
    """Soft shrink: ``x - threshold`` above ``threshold``, ``x + threshold`` below
    ``-threshold``, 0 in between.

    >>> soft_shrink([-2.0, 0.25, 2.0]).tolist()
    [-1.5, 0.0, 1.5]
    """
    x = as_float_tensor(x)
    t = jnp.asarray(threshold, x.dtype)
    zero = jnp.zeros((), x.dtype)
    return jnp.where(x > t, x - t, jnp.where(x < -t, x + t, zero))


@register_builtin
@symbolic_aware(keeps_mask=True)
def hard_shrink(x, threshold=0.5):
    """Hard shrink: ``x`` where ``abs(x) > threshold``, else 0.

    >>> hard_shrink([-2.0, 0.25, 2.0]).tolist()
    [-2.0, 0.0, 2.0]
    """
    x = as_float_tensor(x)
    return jnp.where(jnp.abs(x) > jnp.asarray(threshold, x.dtype), x, jnp.zeros((), x.dtype))


@register_builtin
@symbolic_aware(keeps_mask=True)
def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value``.

    >>> threshold([-1.0, 0.0, 1.0, 2.0], 1.0, 0.0).tolist()
    [0.0, 0.0, 0.0, 2.0]
    """
    x = as_float_tensor(x)
    return jnp.where(
        x > jnp.asarray(threshold, x.dtype), x, jnp.asarray(default_value, x.dtype)
    )
