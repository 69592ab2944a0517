"""Weight constraints: ``MaxNorm``, ``MinMaxNorm``, ``NonNeg``, ``UnitNorm``.

A constraint maps a weight to its projected value; optimizers apply it after each
update. ``max_norm``, ``min_max_norm``, ``non_neg`` and ``unit_norm`` are Keras' other
names for the classes.
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.sqrt(jnp.sum(jnp.square(w), axis=axis, keepdims=True))


def _float_weight(w):
    w = convert_to_tensor(w)
    if not jnp.issubdtype(w.dtype, jnp.floating):
        w = w.astype(config.floatx())
    return w


@register_builtin
class Constraint:
    """Base class: subclasses implement ``__call__(self, w)`` returning the projected ``w``.

    >>> import jax.numpy as jnp
    >>> Constraint()(jnp.ones(2)).tolist()
    [1.0, 1.0]
    """

    def __call__(self, w):
        return w

    def get_config(self):
        """The constructor arguments, as a JSON-compatible dict."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Rebuild a constraint from the output of :meth:`get_config`."""
        return cls(**config)


@register_builtin
class MaxNorm(Constraint):
    """Rescales each slice along ``axis`` whose L2 norm exceeds ``max_value``.

    ``axis=0`` constrains each column of a Dense kernel ``(in, out)``; for a conv kernel
    ``(h, w, in, out)`` use ``axis=[0, 1, 2]``.

    >>> [round(v, 4) for v in MaxNorm(max_value=1.0)(jnp.array([3.0, 4.0])).tolist()]
    [0.6, 0.8]
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _float_weight(w)
        norms = _norms(w, self.axis)
        desired = jnp.clip(norms, 0, self.max_value)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


@register_builtin
class NonNeg(Constraint):
    """Sets negative weights to zero.

    >>> NonNeg()(jnp.array([-1.0, 2.0])).tolist()
    [0.0, 2.0]
    """

    def __call__(self, w):
        w = convert_to_tensor(w)
        return jnp.maximum(w, jnp.zeros((), w.dtype))


@register_builtin
class UnitNorm(Constraint):
    """Scales each slice along ``axis`` to unit L2 norm.

    >>> [round(v, 4) for v in UnitNorm()(jnp.array([3.0, 4.0])).tolist()]
    [0.6, 0.8]
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _float_weight(w)
        return w / (config.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


@register_builtin
class MinMaxNorm(Constraint):
    """Keeps the L2 norm of each slice along ``axis`` within ``[min_value, max_value]``.

    ``rate`` in ``[0, 1]`` moves the norm only part of the way:
    ``new_norm = rate * clip(norm, min_value, max_value) + (1 - rate) * norm``.

    >>> w = MinMaxNorm(min_value=1.0, max_value=2.0)(jnp.array([0.3, 0.4]))
    >>> [round(v, 4) for v in w.tolist()]
    [0.6, 0.8]
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _float_weight(w)
        norms = _norms(w, self.axis)
        desired = (self.rate * jnp.clip(norms, self.min_value, self.max_value)
                   + (1 - self.rate) * norms)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
