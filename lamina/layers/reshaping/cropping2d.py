"""``Cropping2D``: remove rows and columns at the borders of images.

>>> import numpy as np
>>> Cropping2D(((1, 0), (2, 2)))(np.zeros((2, 5, 6, 3))).shape
(2, 4, 2, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format


@register_builtin
class Cropping2D(Layer):
    """Crops the height and width axes of 4D inputs.

    Args:
        cropping: int (all four borders), ``(height, width)`` symmetric amounts, or
            ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"`` (``(batch, height, width, channels)``) or
            ``"channels_first"``; default ``image_data_format()``.

    Masks: a mask covers the leading axes of the input (``(batch, height)`` for
    channels-last); every covered spatial axis is cropped like the input.

    >>> import numpy as np
    >>> Cropping2D(1)(np.zeros((1, 4, 4, 2))).shape
    (1, 2, 2, 2)
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, self._owner)
        self.cropping = _spatial.standardize_pairs(cropping, 2, self._owner, "cropping")
        self.input_spec = InputSpec(ndim=4)
        self.built = True

    @property
    def _owner(self):
        return f"Cropping2D '{self.name}'"

    def _crops(self):
        return dict(zip(_spatial.spatial_axes(4, self.data_format), self.cropping))

    def call(self, inputs):
        return _spatial.crop(inputs, self._crops(), self._owner)

    def compute_mask(self, inputs, mask=None):
        return _spatial.crop_mask(mask, inputs, self._crops(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.cropped_shape(input_shape, self._crops(), self._owner)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}
