"""``RMSNormalization``: divide by the root mean square over the feature axes, then scale.

>>> import numpy as np
>>> out = RMSNormalization()(np.array([[3.0, 4.0]], "float32"))
>>> np.asarray(out, dtype=float).round(3).tolist()
[[0.849, 1.131]]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class RMSNormalization(Layer):
    """``x * rsqrt(mean(x**2, axis) + epsilon) * scale`` (Zhang & Sennrich, 2019).

    Unlike ``LayerNormalization`` there is no centering and no offset. The statistic is
    computed in at least float32, and the result is returned in the layer's compute
    dtype. Masks pass through: each position is normalized on its own.

    Args:
        axis: the axis or list of axes to normalize over (default ``-1``).
        epsilon: added to the mean square (default ``1e-6``).

    Weights: ``scale`` (initialized to ones), shaped like the normalized axes.

    Keras multiplies by ``scale`` with plain broadcasting, which only lines up when the
    normalized axes are the trailing ones; lamina always aligns ``scale`` with the
    normalized axes (the results agree wherever Keras' broadcast is valid).

    >>> import numpy as np
    >>> layer = RMSNormalization(axis=[1, 2])
    >>> layer(np.ones((2, 3, 4), "float32")).shape
    (2, 3, 4)
    >>> [(w.name, w.shape) for w in layer.weights]
    [('scale', (3, 4))]
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            axis = list(axis)
            valid = bool(axis) and all(
                isinstance(a, int) and not isinstance(a, bool) for a in axis)
        else:
            valid = isinstance(axis, int) and not isinstance(axis, bool)
        if not valid:
            raise TypeError(
                f"RMSNormalization '{self.name}': axis must be an int or a non-empty list of "
                f"ints, received axis={axis!r}."
            )
        self.axis = axis
        self.epsilon = float(epsilon)
        self.supports_masking = True
        self.autocast = False  # 16-bit inputs keep their dtype; the statistic runs in f32
        self.scale = None
        self._axes = None

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if not all(-rank <= a < rank for a in axes):
            raise ValueError(
                f"RMSNormalization '{self.name}': axis={self.axis} is out of range for an "
                f"input of shape {tuple(input_shape)} (rank {rank})."
            )
        self._axes = sorted({a % rank for a in axes})
        if len(self._axes) != len(axes):
            raise ValueError(
                f"RMSNormalization '{self.name}': axis={self.axis} names an axis twice."
            )
        shape = tuple(input_shape[a] for a in self._axes)
        if None in shape:
            raise ValueError(
                f"RMSNormalization '{self.name}': the normalized axes {self.axis} must have "
                f"known sizes, received input_shape={tuple(input_shape)}."
            )
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, inputs):
        inputs = jnp.asarray(inputs)
        dtype = jnp.promote_types(inputs.dtype, jnp.float32)
        x = inputs.astype(dtype)
        axes = tuple(self._axes)
        mean_square = jnp.mean(jnp.square(x), axis=axes, keepdims=True)
        outputs = x * jax.lax.rsqrt(mean_square + self.epsilon)
        shape = [1] * x.ndim
        for a in axes:
            shape[a] = x.shape[a]
        outputs = outputs * self.scale.value.astype(dtype).reshape(shape)
        return outputs.astype(self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
