"""Activation ops of ``keras.ops.nn`` that ``lamina.ops.nn`` did not have yet.

Elementwise ones keep masks; ``glu`` and ``sparsemax`` work along an axis. Integer and
boolean inputs are computed in ``floatx()``. ``lamina.activations`` holds the user-facing
activation functions (with their serialization names); these are the plain ops.

>>> hard_tanh([-2.0, 0.5, 2.0]).tolist()
[-1.0, 0.5, 1.0]
"""

import jax
import jax.numpy as jnp

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = [
    "celu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
    "soft_shrink", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus",
    "tanh_shrink", "threshold",
]


def _float(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _unary(jax_fn, name, doc):
    @symbolic_aware(keeps_mask=True)
    def fn(x):
        return jax_fn(_float(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


hard_sigmoid = _unary(
    jax.nn.hard_sigmoid, "hard_sigmoid",
    """``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between.

    >>> hard_sigmoid([-4.0, 0.0, 3.0]).tolist()
    [0.0, 0.5, 1.0]
    """,
)
hard_silu = _unary(
    jax.nn.hard_silu, "hard_silu",
    """``x * hard_sigmoid(x)`` (``hard_swish`` is the same op).

    >>> hard_silu([-4.0, 0.0, 3.0]).tolist()
    [-0.0, 0.0, 3.0]
    """,
)
hard_swish = hard_silu
hard_tanh = _unary(
    jax.nn.hard_tanh, "hard_tanh",
    """``x`` clipped to ``[-1, 1]``.

    >>> hard_tanh([-3.0, 0.25]).tolist()
    [-1.0, 0.25]
    """,
)
sparse_sigmoid = _unary(
    jax.nn.sparse_sigmoid, "sparse_sigmoid",
    """0 for ``x <= -1``, 1 for ``x >= 1``, ``(x + 1) / 2`` between.

    >>> sparse_sigmoid([-2.0, 0.5, 2.0]).tolist()
    [0.0, 0.75, 1.0]
    """,
)
sparse_plus = _unary(
    jax.nn.sparse_plus, "sparse_plus",
    """0 for ``x <= -1``, ``(x + 1)**2 / 4`` on ``(-1, 1)``, ``x`` from 1 on.

    >>> sparse_plus([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.25, 2.0]
    """,
)
tanh_shrink = _unary(
    lambda x: x - jnp.tanh(x), "tanh_shrink",
    """``x - tanh(x)``.

    >>> tanh_shrink([0.0]).tolist()
    [0.0]
    """,
)


@symbolic_aware(keeps_mask=True)
def celu(x, alpha=1.0):
    """``x`` for ``x >= 0`` else ``alpha * (exp(x / alpha) - 1)``.

    >>> [round(v, 4) for v in celu([-2.0, 1.0], alpha=2.0).tolist()]
    [-1.2642, 1.0]
    """
    return jax.nn.celu(_float(x), alpha=alpha)


@symbolic_aware(keeps_mask=True)
def squareplus(x, b=4):
    """``(x + sqrt(x**2 + b)) / 2``, a smooth ReLU.

    >>> squareplus([0.0, 1.5]).tolist()
    [1.0, 2.0]
    """
    return jax.nn.squareplus(_float(x), b=b)


@symbolic_aware(keeps_mask=True)
def soft_shrink(x, threshold=0.5):
    """Move ``x`` towards 0 by ``threshold``; values within ``threshold`` of 0 become 0.

    >>> soft_shrink([-2.0, 0.25, 2.0]).tolist()
    [-1.5, 0.0, 1.5]
    """
    x = _float(x)
    t = jnp.asarray(threshold, x.dtype)
    return jnp.where(x > t, x - t, jnp.where(x < -t, x + t, jnp.zeros((), x.dtype)))


@symbolic_aware(keeps_mask=True)
def hard_shrink(x, threshold=0.5):
    """``x`` where ``|x| > threshold``, else 0.

    >>> hard_shrink([-2.0, 0.25, 2.0]).tolist()
    [-2.0, 0.0, 2.0]
    """
    x = _float(x)
    return jnp.where(jnp.abs(x) > threshold, x, jnp.zeros((), x.dtype))


@symbolic_aware(keeps_mask=True)
def threshold(x, threshold, default_value):
    """``x`` where ``x > threshold``, else ``default_value``.

    >>> threshold([0.5, 2.0], 1.0, -1.0).tolist()
    [-1.0, 2.0]
    """
    x = _float(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value, x.dtype))


def _check_axis(name, x, axis):
    if isinstance(axis, bool) or not isinstance(axis, int) or not -x.ndim <= axis < x.ndim:
        raise ValueError(
            f"ops.{name}: axis must be an int in [{-x.ndim}, {x.ndim}) for an input of "
            f"shape {tuple(x.shape)}, received axis={axis!r}."
        )


@symbolic_aware
def glu(x, axis=-1):
    """Gated linear unit: halves ``a, b`` of ``x`` along ``axis`` give ``a * sigmoid(b)``.

    >>> glu([[2.0, 4.0, 0.0, 0.0]]).tolist()
    [[1.0, 2.0]]
    """
    x = _float(x)
    _check_axis("glu", x, axis)
    if x.shape[axis] % 2:
        raise ValueError(
            f"ops.glu: axis {axis} of the input (shape {tuple(x.shape)}) has odd size "
            f"{x.shape[axis]}; it must be even to split into value and gate halves."
        )
    return jax.nn.glu(x, axis=axis)


@symbolic_aware
def sparsemax(x, axis=-1):
    """Euclidean projection of ``x`` onto the probability simplex along ``axis``.

    Outputs are ``max(x - tau, 0)`` with ``tau`` chosen so that they sum to 1 (Martins &
    Astudillo, 2016), like ``lamina.activations.sparsemax``. Keras 3.15's op computes
    ``tau`` differently and its outputs do not always sum to 1; the two agree whenever
    a single entry gets all the mass.

    >>> sparsemax([0.5, 1.0]).tolist()
    [0.25, 0.75]
    """
    x = _float(x)
    _check_axis("sparsemax", x, axis)
    moved = jnp.moveaxis(x, axis, -1)
    ranked = -jnp.sort(-moved, axis=-1)
    cumulative = jnp.cumsum(ranked, axis=-1)
    k = jnp.arange(1, moved.shape[-1] + 1, dtype=x.dtype)
    support = jnp.sum(ranked - (cumulative - 1) / k > 0, axis=-1, keepdims=True)
    total = jnp.take_along_axis(cumulative, support - 1, axis=-1)
    tau = (total - 1) / support.astype(x.dtype)
    return jnp.moveaxis(jnp.maximum(moved - tau, 0.0), -1, axis)
