"""``BaseAdaptivePooling``: pool N spatial axes down (or up) to a fixed ``output_size``.

Bin ``i`` of an axis of length ``L`` pooled to ``n`` outputs covers the input positions
``floor(i * L / n)`` to ``ceil((i + 1) * L / n) - 1`` (PyTorch's and Keras' adaptive
pooling bins): bins are as even as possible and may overlap by one position.

>>> import numpy as np
>>> x = np.arange(5.0, dtype="float32").reshape(1, 5, 1)
>>> BaseAdaptivePooling(3, 1, "average")(x)[0, :, 0].tolist()
[0.5, 2.0, 3.5]
>>> BaseAdaptivePooling(3, 1, "max")(x)[0, :, 0].tolist()
[1.0, 3.0, 4.0]
"""

import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


def adaptive_bins(length, size):
    """``(starts, ends)`` (numpy int arrays) of the ``size`` bins over ``length`` positions.

    >>> [b.tolist() for b in adaptive_bins(5, 3)]
    [[0, 1, 3], [2, 4, 5]]
    """
    starts = (np.arange(size) * length) // size
    ends = -((-np.arange(1, size + 1) * length) // size)  # ceil division
    return starts, ends


def _average_axis(x, axis, size):
    starts, ends = adaptive_bins(x.shape[axis], size)
    positions = np.arange(x.shape[axis])
    inside = (positions >= starts[:, None]) & (positions < ends[:, None])
    weights = inside / (ends - starts)[:, None]  # (size, length): each row averages a bin
    moved = jnp.moveaxis(x, axis, -1)
    pooled = jnp.matmul(moved, jnp.asarray(weights.T, x.dtype),
                        precision="highest")
    return jnp.moveaxis(pooled, -1, axis)


def _max_axis(x, axis, size):
    starts, ends = adaptive_bins(x.shape[axis], size)
    width = int((ends - starts).max())
    index = starts[:, None] + np.arange(width)  # (size, width), may run past a bin's end
    valid = index < ends[:, None]
    index = np.minimum(index, x.shape[axis] - 1)
    gathered = jnp.take(x, jnp.asarray(index.reshape(-1)), axis=axis)
    axis = axis % x.ndim
    gathered = gathered.reshape(x.shape[:axis] + (size, width) + x.shape[axis + 1:])
    lowest = (jnp.finfo(x.dtype).min if jnp.issubdtype(x.dtype, jnp.floating)
              else jnp.iinfo(x.dtype).min)
    mask = jnp.asarray(valid).reshape((size, width) + (1,) * (x.ndim - axis - 1))
    gathered = jnp.where(mask, gathered, jnp.asarray(lowest, x.dtype))
    return jnp.max(gathered, axis=axis + 1)


@register_builtin
class BaseAdaptivePooling(Layer):
    """Adaptive average or max pooling over ``pool_dimensions`` spatial axes.

    Args:
        output_size: int (the same for every spatial axis) or tuple of
            ``pool_dimensions`` ints: the spatial size of the output.
        pool_dimensions: 1, 2 or 3.
        pool_mode: ``"average"`` or ``"max"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default
            ``lamina.config.image_data_format()``).

    The spatial sizes of the input must be known when the layer runs; any size works
    (smaller than ``output_size`` too: bins then repeat positions). Averages are taken
    in the compute dtype (integer inputs are cast to it). Masks are refused, as for the
    other Keras pooling layers.

    >>> import numpy as np
    >>> BaseAdaptivePooling((2, 3), 2, "max")(np.ones((1, 7, 8, 4), "float32")).shape
    (1, 2, 3, 4)
    """

    def __init__(self, output_size, pool_dimensions, pool_mode="average", data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        owner = f"{type(self).__name__} '{self.name}'"
        if pool_mode not in ("average", "max"):
            raise ValueError(
                f"{owner}: pool_mode must be 'average' or 'max', received {pool_mode!r}."
            )
        self.output_size = conv_utils.standardize_tuple(
            output_size, pool_dimensions, "output_size", owner)
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.data_format = conv_utils.standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True  # no weights

    def call(self, inputs):
        x = jnp.asarray(inputs)
        pool = _max_axis if self.pool_mode == "max" else _average_axis
        if self.pool_mode == "average" and not jnp.issubdtype(x.dtype, jnp.floating):
            x = x.astype(self.compute_dtype)
        first = 1 if self.data_format == "channels_last" else 2
        for i, size in enumerate(self.output_size):
            x = pool(x, first + i, size)
        return x

    def compute_output_shape(self, input_shape):
        channels = tuple(input_shape)[conv_utils.channel_axis(self.data_format)]
        return conv_utils.with_spatial(tuple(input_shape), self.data_format,
                                       self.output_size, channels)

    def get_config(self):
        return {**super().get_config(), "output_size": self.output_size,
                "data_format": self.data_format}
