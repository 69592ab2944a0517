"""``UnitNormalization``: scale each sample to unit L2 norm along some axes.

>>> import numpy as np
>>> UnitNormalization()(np.array([[3.0, 4.0]])).tolist()
[[0.6000000238418579, 0.800000011920929]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.layer import Layer

_EPSILON = 1e-12  # lower bound of the norm (Keras' value); zero vectors stay zero


@register_builtin
class UnitNormalization(Layer):
    """``x / max(||x||_2, 1e-12)`` with the norm taken over ``axis``.

    Args:
        axis: int or list of ints, the axes whose L2 norm becomes 1 (default -1).

    Masks pass through (each position is normalized on its own along the feature
    axis).

    >>> import numpy as np
    >>> out = UnitNormalization(axis=[1, 2])(np.ones((1, 2, 2)))
    >>> float(np.sum(np.square(out)))
    1.0
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            axis = list(axis)
            valid = bool(axis) and all(
                isinstance(a, int) and not isinstance(a, bool) for a in axis)
        else:
            valid = isinstance(axis, int) and not isinstance(axis, bool)
        if not valid:
            raise TypeError(
                f"UnitNormalization '{self.name}': axis must be an int or a non-empty list "
                f"of ints, received axis={axis!r}."
            )
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def _axes(self, rank):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if any(not -rank <= a < rank for a in axes):
            raise ValueError(
                f"UnitNormalization '{self.name}': axis={self.axis} is out of range for an "
                f"input of rank {rank}."
            )
        return tuple(a % rank for a in axes)

    def call(self, inputs):
        if not jnp.issubdtype(inputs.dtype, jnp.floating):
            inputs = inputs.astype(self.compute_dtype)
        squares = jnp.sum(jnp.square(inputs), axis=self._axes(inputs.ndim), keepdims=True)
        inv_norm = jnp.minimum(jax.lax.rsqrt(squares), 1.0 / _EPSILON)
        return inputs * inv_norm

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
