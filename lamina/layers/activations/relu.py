"""``ReLU``: rectified linear unit layer with optional cap, threshold and slope.

>>> import numpy as np
>>> ReLU()(np.array([-1.0, 0.5, 3.0])).tolist()
[0.0, 0.5, 3.0]
"""

from lamina import activations
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


def _non_negative_number(owner, name, value, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(
            f"{owner}: {name} must be a non-negative number"
            + (" or None" if allow_none else "")
            + f", received {name}={value!r}."
        )
    return value


@register_builtin
class ReLU(Layer):
    """``max_value``-capped rectifier with a ``negative_slope`` below ``threshold``.

    ``f(x) = max_value`` for ``x >= max_value``, ``x`` for ``threshold <= x <
    max_value``, ``negative_slope * (x - threshold)`` otherwise.

    Args:
        max_value: non-negative float or None (no cap).
        negative_slope: non-negative float, slope below the threshold.
        threshold: non-negative float, where the rectifier starts.

    Masks pass through.

    >>> import numpy as np
    >>> ReLU(max_value=2.0, negative_slope=0.5)(np.array([-2.0, 1.0, 5.0])).tolist()
    [-1.0, 1.0, 2.0]
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        owner = f"ReLU '{self.name}'"
        self.max_value = _non_negative_number(owner, "max_value", max_value, allow_none=True)
        self.negative_slope = _non_negative_number(owner, "negative_slope", negative_slope)
        self.threshold = _non_negative_number(owner, "threshold", threshold)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope,
                                max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}
