"""``ELU``: exponential linear unit layer.

>>> import numpy as np
>>> [round(v, 4) for v in ELU()(np.array([-1.0, 2.0])).tolist()]
[-0.6321, 2.0]
"""

from lamina import activations
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class ELU(Layer):
    """``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    Args:
        alpha: float, scale of the negative section (default 1.0).

    Masks pass through.

    >>> ELU(alpha=0.5).get_config()["alpha"]
    0.5
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise ValueError(f"ELU '{self.name}': alpha must be a float, received {alpha!r}.")
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
