"""``ZeroPadding3D``: add zeros around volumes (3 spatial axes).

>>> import numpy as np
>>> ZeroPadding3D(((1, 0), 2, 0))(np.ones((2, 3, 3, 3, 1))).shape
(2, 4, 7, 3, 1)
"""

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format


@register_builtin
class ZeroPadding3D(Layer):
    """Zero-pads the three spatial axes of 5D inputs.

    Args:
        padding: int (every border), ``(dim1, dim2, dim3)`` symmetric amounts, or three
            ``(before, after)`` pairs.
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.

    Masks: a mask covers the leading axes of the input; every covered spatial axis is
    padded with ``False``.

    >>> import numpy as np
    >>> ZeroPadding3D()(np.ones((1, 2, 2, 2, 1))).shape
    (1, 4, 4, 4, 1)
    """

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, self._owner)
        self.padding = _spatial.standardize_pairs(padding, 3, self._owner, "padding")
        self.input_spec = InputSpec(ndim=5)
        self.built = True

    @property
    def _owner(self):
        return f"ZeroPadding3D '{self.name}'"

    def _pads(self):
        return dict(zip(_spatial.spatial_axes(5, self.data_format), self.padding))

    def call(self, inputs):
        return _spatial.pad(inputs, self._pads())

    def compute_mask(self, inputs, mask=None):
        return _spatial.pad_mask(mask, inputs, self._pads(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.padded_shape(input_shape, self._pads())

    def get_config(self):
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}
