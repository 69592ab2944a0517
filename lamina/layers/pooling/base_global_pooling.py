"""``BaseGlobalPooling``: shared arguments and shapes of the global pooling layers.

Not exported: each concrete layer (``GlobalAveragePooling1D``...) is.

>>> BaseGlobalPooling(1).compute_output_shape((None, 5, 3))
(None, 3)
"""

import jax.numpy as jnp

from lamina import config
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


def standardize_data_format(owner, data_format):
    """``None`` -> ``config.image_data_format()``; anything else must be a known format.

    >>> standardize_data_format("pool", None)
    'channels_last'
    """
    if data_format is None:
        return config.image_data_format()
    value = str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last', 'channels_first' or None, "
            f"received data_format={data_format!r}."
        )
    return value


class BaseGlobalPooling(Layer):
    """Reduces every spatial/time axis of a ``(batch, *spatial, channels)`` input.

    Args:
        pool_dimensions: number of spatial axes (1, 2 or 3).
        data_format: ``"channels_last"`` (default from ``config.image_data_format()``) or
            ``"channels_first"`` (``(batch, channels, *spatial)``).
        keepdims: keep the reduced axes with size 1.
    """

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(
            f"{type(self).__name__} '{self.name}'", data_format)
        self.keepdims = bool(keepdims)
        self.pool_dimensions = pool_dimensions
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    @property
    def spatial_axes(self) -> tuple:
        """The reduced axes of the input."""
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.pool_dimensions))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            channels = input_shape[-1]
            if self.keepdims:
                return (input_shape[0], *(1,) * self.pool_dimensions, channels)
            return (input_shape[0], channels)
        if self.keepdims:
            return (input_shape[0], input_shape[1], *(1,) * self.pool_dimensions)
        return (input_shape[0], input_shape[1])

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}

    def expanded_time_mask(self, inputs, mask):
        """A ``(batch, time)`` mask checked against the input, with a channel axis added.

        Raises a ValueError naming the layer when the mask does not match the input's
        batch and time axes.
        """
        mask = jnp.asarray(mask)
        mask = mask if mask.dtype == jnp.bool_ else mask != 0
        time_axis = self.spatial_axes[0]
        expected = (inputs.shape[0], inputs.shape[time_axis])
        if tuple(mask.shape) != expected:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the mask must have shape (batch, "
                f"time) = {expected} for an input of shape {tuple(inputs.shape)} "
                f"(data_format={self.data_format!r}), received a mask of shape "
                f"{tuple(mask.shape)}."
            )
        return mask[:, :, None] if self.data_format == "channels_last" else mask[:, None, :]
