"""``ZeroPadding1D``: add zeros at the start and end of the time axis.

>>> import numpy as np
>>> ZeroPadding1D((1, 2))(np.ones((2, 3, 4))).shape
(2, 6, 4)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _ZeroPadding


@register_builtin
class ZeroPadding1D(_ZeroPadding):
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

    _rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(padding, data_format)
