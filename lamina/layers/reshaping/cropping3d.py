"""``Cropping3D``: remove entries at the borders of volumes (3 spatial axes).

>>> import numpy as np
>>> Cropping3D(((1, 0), (2, 2), 0))(np.zeros((2, 5, 6, 4, 3))).shape
(2, 4, 2, 4, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format


@register_builtin
class Cropping3D(Layer):
    """Crops the three spatial axes of 5D inputs.

    Args:
        cropping: int (every border), ``(dim1, dim2, dim3)`` symmetric amounts, or
            three ``(before, after)`` pairs.
        data_format: ``"channels_last"`` (``(batch, dim1, dim2, dim3, channels)``) or
            ``"channels_first"``; default ``image_data_format()``.

    Masks: a mask covers the leading axes of the input (``(batch, dim1)`` for
    channels-last); every covered spatial axis is cropped like the input.

    >>> import numpy as np
    >>> Cropping3D()(np.zeros((1, 4, 4, 4, 2))).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, self._owner)
        self.cropping = _spatial.standardize_pairs(cropping, 3, self._owner, "cropping")
        self.input_spec = InputSpec(ndim=5)
        self.built = True

    @property
    def _owner(self):
        return f"Cropping3D '{self.name}'"

    def _crops(self):
        return dict(zip(_spatial.spatial_axes(5, self.data_format), self.cropping))

    def call(self, inputs):
        return _spatial.crop(inputs, self._crops(), self._owner)

    def compute_mask(self, inputs, mask=None):
        return _spatial.crop_mask(mask, inputs, self._crops(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.cropped_shape(input_shape, self._crops(), self._owner)

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}
