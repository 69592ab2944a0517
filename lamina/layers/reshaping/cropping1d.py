"""``Cropping1D``: remove entries at the start and end of the time axis.

>>> import numpy as np
>>> Cropping1D((1, 2))(np.zeros((2, 6, 3))).shape
(2, 3, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial


@register_builtin
class Cropping1D(Layer):
    """Crops ``(batch, steps, features)`` inputs along ``steps``.

    Args:
        cropping: int (same amount at both ends) or ``(start, end)`` pair of ints >= 0.

    Masks: a ``(batch, steps)`` mask is cropped the same way.

    >>> import numpy as np
    >>> Cropping1D(1)(np.arange(4.0).reshape(1, 4, 1))[0, :, 0].tolist()
    [1.0, 2.0]
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = _spatial.standardize_tuple(cropping, 2, self._owner, "cropping")
        self.input_spec = InputSpec(ndim=3)
        self.built = True

    @property
    def _owner(self):
        return f"Cropping1D '{self.name}'"

    def call(self, inputs):
        return _spatial.crop(inputs, {1: self.cropping}, self._owner)

    def compute_mask(self, inputs, mask=None):
        return _spatial.crop_mask(mask, inputs, {1: self.cropping}, self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.cropped_shape(input_shape, {1: self.cropping}, self._owner)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping}
