"""``Identity``: returns its inputs unchanged (a placeholder layer).

>>> import numpy as np
>>> Identity()(np.array([1.0, 2.0])).tolist()
[1.0, 2.0]
"""

from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class Identity(Layer):
    """Returns ``inputs`` (any structure) as is; masks pass through.

    >>> import numpy as np
    >>> Identity()(np.zeros((2, 3))).shape
    (2, 3)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs
