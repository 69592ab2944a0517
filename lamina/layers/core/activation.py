"""``Activation``: apply an activation function elementwise.

>>> import numpy as np
>>> Activation("relu")(np.array([[-1.0, 2.0]])).tolist()
[[0.0, 2.0]]
"""

from lamina import activations
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class Activation(Layer):
    """Applies ``activation`` (a name such as ``"relu"`` or a callable) to its input.

    Elementwise, so masks pass through (``supports_masking``).

    >>> import numpy as np
    >>> Activation("linear")(np.array([[1.5]])).tolist()
    [[1.5]]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        return {**super().get_config(),
                "activation": activations.serialize(self.activation)}
