"""``ZeroPadding1D``: add zeros at the start and end of the time axis.

>>> import numpy as np
>>> ZeroPadding1D((1, 2))(np.ones((2, 3, 4))).shape
(2, 6, 4)
"""

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.layers.reshaping.flatten import standardize_data_format


@register_builtin
class ZeroPadding1D(Layer):
    """Zero-pads the steps axis of 3D inputs.

    Args:
        padding: int (both ends) or ``(start, end)`` pair of ints >= 0.
        data_format: ``"channels_last"`` (``(batch, steps, features)``, the default of
            ``image_data_format()``) or ``"channels_first"`` (``(batch, features, steps)``).

    Masks: a mask covers the leading axes; a covered padded axis is padded with
    ``False`` (padding is never a valid position). With ``channels_first`` the usual
    ``(batch, features)``-shaped mask would not cover the padded axis and is unchanged.

    >>> import numpy as np
    >>> ZeroPadding1D(1)(np.ones((1, 2, 1)))[0, :, 0].tolist()
    [0.0, 1.0, 1.0, 0.0]
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, self._owner)
        self.padding = _spatial.standardize_tuple(padding, 2, self._owner, "padding")
        self.input_spec = InputSpec(ndim=3)
        self.built = True

    @property
    def _owner(self):
        return f"ZeroPadding1D '{self.name}'"

    def _pads(self):
        return {2 if self.data_format == "channels_first" else 1: self.padding}

    def call(self, inputs):
        return _spatial.pad(inputs, self._pads())

    def compute_mask(self, inputs, mask=None):
        return _spatial.pad_mask(mask, inputs, self._pads(), self._owner)

    def compute_output_shape(self, input_shape):
        return _spatial.padded_shape(input_shape, self._pads())

    def get_config(self):
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}
