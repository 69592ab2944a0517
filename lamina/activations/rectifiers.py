"""ReLU-like activations: rectifiers, exponential units and smooth gates.

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
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, ``max(x, 0)`` by default.

    Values above ``threshold`` pass through (values at or below it become 0, as in
    Keras: with a negative ``threshold`` the values in ``(threshold, 0)`` pass too),
    ``max_value`` caps the output to ``[0, max_value]``, and values below ``threshold``
    get ``negative_slope * (x - threshold)`` added.

    >>> relu([-10.0, -5.0, 0.0, 5.0, 10.0]).tolist()
    [0.0, 0.0, 0.0, 5.0, 10.0]
    >>> relu([-10.0, -5.0, 0.0, 5.0, 10.0], negative_slope=0.5).tolist()
    [-5.0, -2.5, 0.0, 5.0, 10.0]
    >>> relu([-10.0, 0.0, 5.0, 10.0], max_value=5.0).tolist()
    [0.0, 0.0, 5.0, 5.0]
    >>> relu([-10.0, 0.0, 5.0, 10.0], threshold=5.0).tolist()
    [0.0, 0.0, 0.0, 10.0]
    """
    x = as_float_tensor(x)
    if negative_slope != 0.0 and max_value is None and threshold == 0:
        return jax.nn.leaky_relu(x, negative_slope=negative_slope)
    negative_part = None
    if negative_slope != 0.0:
        negative_part = jax.nn.relu(threshold - x)
    if threshold != 0:
        out = jnp.where(x > jnp.asarray(threshold, x.dtype), x, jnp.zeros((), x.dtype))
    else:
        out = jax.nn.relu(x)
    if max_value is not None:
        out = jnp.clip(out, jnp.asarray(0.0, x.dtype), jnp.asarray(max_value, x.dtype))
    if negative_part is not None:
        out = out - jnp.asarray(negative_slope, x.dtype) * negative_part
    return out


@register_builtin
@symbolic_aware(keeps_mask=True)
def relu6(x):
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    >>> relu6([-1.0, 3.0, 8.0]).tolist()
    [0.0, 3.0, 6.0]
    """
    return jax.nn.relu6(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: ``x`` if ``x >= 0`` else ``negative_slope * x``.

    >>> leaky_relu([-10.0, 0.0, 3.0]).tolist()
    [-2.0, 0.0, 3.0]
    """
    return jax.nn.leaky_relu(as_float_tensor(x), negative_slope=negative_slope)


@register_builtin
@symbolic_aware(keeps_mask=True)
def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    >>> [round(v, 4) for v in elu([-1.0, 0.0, 2.0]).tolist()]
    [-0.6321, 0.0, 2.0]
    """
    return jax.nn.elu(as_float_tensor(x), alpha=alpha)


@register_builtin
@symbolic_aware(keeps_mask=True)
def selu(x):
    """Scaled ELU: ``scale * elu(x, alpha)`` with the self-normalizing constants
    ``alpha ~= 1.67326324`` and ``scale ~= 1.05070098``. Pair with ``lecun_normal``.

    >>> [round(v, 4) for v in selu([-1.0, 0.0, 1.0]).tolist()]
    [-1.1113, 0.0, 1.0507]
    """
    return jax.nn.selu(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def celu(x, alpha=1.0):
    """Continuously differentiable ELU: ``x`` if ``x >= 0`` else
    ``alpha * (exp(x / alpha) - 1)``.

    >>> [round(v, 4) for v in celu([-2.0, 0.0, 1.0], alpha=2.0).tolist()]
    [-1.2642, 0.0, 1.0]
    """
    return jax.nn.celu(as_float_tensor(x), alpha=alpha)


@register_builtin
@symbolic_aware(keeps_mask=True)
def gelu(x, approximate=False):
    """Gaussian error linear unit ``x * P(X <= x)``, ``X ~ N(0, 1)``.

    ``approximate=False`` (the Keras default) uses ``erf``; ``True`` the tanh formula.

    >>> [round(v, 4) for v in gelu([-1.0, 0.0, 1.0]).tolist()]
    [-0.1587, 0.0, 0.8413]
    """
    return jax.nn.gelu(as_float_tensor(x), approximate=bool(approximate))


@register_builtin(names=("swish",))
@symbolic_aware(keeps_mask=True)
def silu(x):
    """Swish / SiLU: ``x * sigmoid(x)`` (``swish`` is the same function).

    >>> [round(v, 4) for v in silu([-1.0, 0.0, 1.0]).tolist()]
    [-0.2689, 0.0, 0.7311]
    """
    return jax.nn.silu(as_float_tensor(x))


#: Keras' other name for :func:`silu` (serializes as ``"silu"``).
swish = silu


@register_builtin(names=("hard_swish",))
@symbolic_aware(keeps_mask=True)
def hard_silu(x):
    """Hard SiLU / hard swish: ``x * relu6(x + 3) / 6`` (0 below -3, ``x`` above 3).

    >>> hard_silu([-4.0, 0.0, 3.0, 5.0]).tolist()
    [-0.0, 0.0, 3.0, 5.0]
    """
    return jax.nn.hard_silu(as_float_tensor(x))


#: Keras' other name for :func:`hard_silu` (serializes as ``"hard_silu"``).
hard_swish = hard_silu


@register_builtin
@symbolic_aware(keeps_mask=True)
def mish(x):
    """Mish: ``x * tanh(softplus(x))``.

    >>> [round(v, 4) for v in mish([-1.0, 0.0, 1.0]).tolist()]
    [-0.3034, 0.0, 0.8651]
    """
    x = as_float_tensor(x)
    return x * jnp.tanh(jax.nn.softplus(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def softplus(x):
    """Softplus: ``log(exp(x) + 1)``, computed stably.

    >>> [round(v, 4) for v in softplus([-1.0, 0.0, 1.0]).tolist()]
    [0.3133, 0.6931, 1.3133]
    """
    return jax.nn.softplus(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def squareplus(x, b=4):
    """Squareplus: ``(x + sqrt(x**2 + b)) / 2``, a smooth ReLU (``b`` sets smoothness).

    >>> squareplus([0.0, 1.5], b=4).tolist()
    [1.0, 2.0]
    """
    return jax.nn.squareplus(as_float_tensor(x), b=b)


@register_builtin
@symbolic_aware(keeps_mask=True)
def sparse_plus(x):
    """SparsePlus: 0 for ``x <= -1``, ``(x + 1)**2 / 4`` on ``(-1, 1)``, ``x`` above.

    >>> sparse_plus([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.25, 2.0]
    """
    return jax.nn.sparse_plus(as_float_tensor(x))


@register_builtin
@symbolic_aware(keeps_mask=True)
def exponential(x):
    """Exponential: ``exp(x)``.

    >>> exponential([0.0]).tolist()
    [1.0]
    """
    return jnp.exp(as_float_tensor(x))


@register_builtin
def linear(x):
    """Identity: returns ``x`` unchanged (also a symbolic tensor, which keeps its mask).

    >>> linear([1.0, -2.0])
    [1.0, -2.0]
    """
    return x
