"""Weight regularizers: ``L1``, ``L2``, ``L1L2``, ``OrthogonalRegularizer``.

A regularizer maps a weight to a scalar penalty that the trainer adds to the loss.
``l1``, ``l2``, ``l1_l2`` and ``orthogonal_regularizer`` are Keras' other names for the
classes.
"""

import math

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor


def _weight(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(config.floatx())
    return x


def _non_negative(owner, name, value):
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or math.isinf(value) or math.isnan(value) or value < 0):
        raise ValueError(
            f"{owner}: {name} must be a non-negative, finite float, received {name}={value!r}."
        )
    return float(value)


@register_builtin
class Regularizer:
    """Base class: subclasses implement ``__call__(self, x)`` returning a scalar.

    >>> class Sum(Regularizer):
    ...     def __call__(self, x):
    ...         return jnp.sum(x)
    ...     def get_config(self):
    ...         return {}
    >>> Sum()(jnp.ones(3)).item()
    3.0
    """

    def __call__(self, x):
        return jnp.zeros((), _weight(x).dtype)

    @classmethod
    def from_config(cls, config):
        """Rebuild a regularizer from the output of ``get_config``."""
        return cls(**config)

    def get_config(self):
        """The constructor arguments, as a JSON-compatible dict."""
        raise NotImplementedError(
            f"{type(self).__name__} does not implement get_config(); implement it to make "
            "the regularizer serializable."
        )


@register_builtin
class L1L2(Regularizer):
    """``l1 * sum(abs(x)) + l2 * sum(x**2)`` (both default to 0; None means 0).

    >>> L1L2(l1=0.5, l2=0.25)(jnp.array([1.0, -2.0])).item()
    2.75
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _non_negative("L1L2", "l1", 0.0 if l1 is None else l1)
        self.l2 = _non_negative("L1L2", "l2", 0.0 if l2 is None else l2)

    def __call__(self, x):
        x = _weight(x)
        penalty = jnp.zeros((), x.dtype)
        if self.l1:
            penalty = penalty + jnp.asarray(self.l1, x.dtype) * jnp.sum(jnp.abs(x))
        if self.l2:
            penalty = penalty + jnp.asarray(self.l2, x.dtype) * jnp.sum(jnp.square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


@register_builtin
class L1(Regularizer):
    """``l1 * sum(abs(x))``.

    >>> L1(0.5)(jnp.array([1.0, -2.0])).item()
    1.5
    """

    def __init__(self, l1=0.01):
        self.l1 = _non_negative("L1", "l1", 0.01 if l1 is None else l1)

    def __call__(self, x):
        x = _weight(x)
        return jnp.asarray(self.l1, x.dtype) * jnp.sum(jnp.abs(x))

    def get_config(self):
        return {"l1": self.l1}


@register_builtin
class L2(Regularizer):
    """``l2 * sum(x**2)``.

    >>> L2(0.5)(jnp.array([1.0, -2.0])).item()
    2.5
    """

    def __init__(self, l2=0.01):
        self.l2 = _non_negative("L2", "l2", 0.01 if l2 is None else l2)

    def __call__(self, x):
        x = _weight(x)
        return jnp.asarray(self.l2, x.dtype) * jnp.sum(jnp.square(x))

    def get_config(self):
        return {"l2": self.l2}


@register_builtin
class OrthogonalRegularizer(Regularizer):
    """Penalizes non-orthogonal rows (``mode="rows"``) or columns (``"columns"``) of a 2D
    weight: ``factor * 0.5 * mean |cos|`` over all pairs of distinct (L2-normalized)
    rows or columns.

    >>> OrthogonalRegularizer(factor=1.0)(jnp.eye(3)).item()
    0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _non_negative("OrthogonalRegularizer", "factor", factor)
        if mode not in ("rows", "columns"):
            raise ValueError(
                "OrthogonalRegularizer: mode must be 'rows' or 'columns', received "
                f"mode={mode!r}."
            )
        self.mode = mode

    def __call__(self, inputs):
        x = _weight(inputs)
        if x.ndim != 2:
            raise ValueError(
                f"OrthogonalRegularizer: the weight must have rank 2, received shape "
                f"{tuple(x.shape)}. Use it on Dense kernels (or reshape the weight)."
            )
        if self.mode == "columns":
            x = x.T
        # Unit rows (all-zero rows stay zero, as x * min(rsqrt(0), 1 / epsilon) = 0).
        inv_norm = jnp.minimum(
            1.0 / jnp.sqrt(jnp.sum(jnp.square(x), axis=1, keepdims=True)),
            1.0 / config.epsilon(),
        )
        x = x * inv_norm
        size = x.shape[0]
        product = x @ x.T
        off_diagonal = product * (1.0 - jnp.eye(size, dtype=x.dtype))
        pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * jnp.sum(jnp.abs(off_diagonal)) / pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer
