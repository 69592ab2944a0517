"""``BasePooling``: max / average pooling over N spatial axes (``jax.lax.reduce_window``).

>>> import numpy as np
>>> x = np.arange(8.0, dtype="float32").reshape(1, 8, 1)
>>> BasePooling(2, None, 1, pool_mode="max")(x)[0, :, 0].tolist()
[1.0, 3.0, 5.0, 7.0]
>>> BasePooling(3, 1, 1, pool_mode="average", padding="same")(x)[0, :, 0].tolist()
[0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 6.5]
"""

import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina._registry import register_builtin
from lamina.layers.convolutional import conv_utils
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class BasePooling(Layer):
    """Pooling with a ``pool_size`` window moved by ``strides`` over the spatial axes.

    Args:
        pool_size: int or tuple of ``pool_dimensions`` ints, the window size.
        strides: int, tuple, or None (= ``pool_size``), the window step.
        pool_dimensions: number of spatial axes (1, 2 or 3).
        pool_mode: ``"max"`` or ``"average"``.
        padding: ``"valid"`` (windows inside the input) or ``"same"`` (output length
            ``ceil(input / stride)``; padded positions are ignored: a max never sees
            them and an average divides by the number of real entries, as in Keras).
        data_format: ``"channels_last"`` or ``"channels_first"`` (default
            ``lamina.config.image_data_format()``).

    Masks are refused (Keras pooling layers do not support masking): a mask reaching the
    layer raises ``MaskNotSupportedError``.

    >>> import numpy as np
    >>> BasePooling((2, 2), None, 2, data_format="channels_first")(np.ones((1, 3, 4, 4))).shape
    (1, 3, 2, 2)
    """

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid",
                 data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        owner = f"{type(self).__name__} '{self.name}'"
        if pool_mode not in ("max", "average"):
            raise ValueError(
                f"{owner}: pool_mode must be 'max' or 'average', received {pool_mode!r}."
            )
        self.pool_size = conv_utils.standardize_tuple(
            pool_size, pool_dimensions, "pool_size", owner
        )
        self.strides = conv_utils.standardize_tuple(
            self.pool_size if strides is None else strides, pool_dimensions, "strides", owner
        )
        self.pool_dimensions = pool_dimensions
        self.pool_mode = pool_mode
        self.padding = conv_utils.standardize_padding(padding, owner)
        self.data_format = conv_utils.standardize_data_format(data_format, owner)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True  # no weights

    def _window(self, values):
        one = (1,)
        if self.data_format == "channels_last":
            return one + tuple(values) + one
        return one + one + tuple(values)

    def call(self, inputs):
        window, strides = self._window(self.pool_size), self._window(self.strides)
        padding = self.padding.upper()
        if self.pool_mode == "max":
            # A constant (numpy) init value lets JAX pick its differentiable max-pool rule.
            if jnp.issubdtype(inputs.dtype, jnp.floating):
                init = np.array(-np.inf, inputs.dtype)
            else:
                init = np.array(jnp.iinfo(inputs.dtype).min, inputs.dtype)
            return lax.reduce_window(inputs, init, lax.max, window, strides, padding)
        if not jnp.issubdtype(inputs.dtype, jnp.floating):
            inputs = inputs.astype(self.compute_dtype)
        total = lax.reduce_window(inputs, np.array(0, inputs.dtype), lax.add, window,
                                  strides, padding)
        if self.padding == "valid":
            return total / np.prod(self.pool_size)
        # Count the real (unpadded) entries of each window; static, so computed here.
        shape = [n if w != 1 else 1 for n, w in zip(inputs.shape, window)]
        counts = lax.reduce_window(np.ones(shape, np.float32), np.float32(0), lax.add,
                                   window, strides, padding)
        return total / jnp.asarray(counts, inputs.dtype)

    def compute_output_shape(self, input_shape):
        spatial = conv_utils.spatial_dims(input_shape, self.data_format)
        out = tuple(
            conv_utils.conv_output_length(n, k, self.padding, s, 1)
            for n, k, s in zip(spatial, self.pool_size, self.strides)
        )
        channels = tuple(input_shape)[conv_utils.channel_axis(self.data_format)]
        return conv_utils.with_spatial(input_shape, self.data_format, out, channels)

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }
