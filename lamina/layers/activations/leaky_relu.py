"""``LeakyReLU``: ``x`` for ``x >= 0``, ``negative_slope * x`` otherwise.

>>> import numpy as np
>>> LeakyReLU(0.1)(np.array([-10.0, 2.0])).tolist()
[-1.0, 2.0]
"""

import warnings

from lamina import activations
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class LeakyReLU(Layer):
    """Leaky version of a rectified linear unit.

    Args:
        negative_slope: non-negative float, slope for negative inputs (default 0.3).
            The deprecated Keras name ``alpha`` is accepted with a warning.

    Masks pass through.

    >>> LeakyReLU().get_config()["negative_slope"]
    0.3
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn(
                "LeakyReLU: the argument alpha is deprecated, use negative_slope instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if (
            isinstance(negative_slope, bool)
            or not isinstance(negative_slope, (int, float))
            or negative_slope < 0
        ):
            raise ValueError(
                f"LeakyReLU '{self.name}': negative_slope must be a non-negative float, "
                f"received negative_slope={negative_slope!r}."
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
