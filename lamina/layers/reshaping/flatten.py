"""``Flatten``: collapse every axis but the batch axis.

>>> import numpy as np
>>> Flatten()(np.zeros((2, 3, 4))).shape
(2, 12)
"""

import math

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


def standardize_data_format(data_format, owner):
    """``None`` -> the global ``image_data_format()``; else validate the value.

    >>> standardize_data_format(None, "Flatten"), standardize_data_format("CHANNELS_FIRST", "x")
    ('channels_last', 'channels_first')
    """
    if data_format is None:
        return config.image_data_format()
    value = str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: data_format must be 'channels_last' or 'channels_first', received "
            f"data_format={data_format!r}."
        )
    return value


@register_builtin
class Flatten(Layer):
    """Reshapes ``(batch, d1, ..., dn)`` to ``(batch, d1 * ... * dn)``.

    A rank-1 input ``(batch,)`` becomes ``(batch, 1)``.

    Args:
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: the global
            ``image_data_format()``). With ``channels_first`` the channel axis is moved
            last before flattening, so the order matches a channels-last model.

    Masks are not supported: flattening merges the time axis into the features, so a
    mask reaching this layer raises ``MaskNotSupportedError``.

    >>> import numpy as np
    >>> Flatten(data_format="channels_first")(np.arange(4.0).reshape(1, 2, 2)).tolist()
    [[0.0, 2.0, 1.0, 3.0]]
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, f"Flatten '{self.name}'")
        self.input_spec = InputSpec(min_ndim=1)
        self.built = True

    def call(self, inputs):
        rank = inputs.ndim
        if self.data_format == "channels_first" and rank > 2:
            inputs = jnp.transpose(inputs, (0, *range(2, rank), 1))
        return jnp.reshape(inputs, (inputs.shape[0], math.prod(inputs.shape[1:])))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
