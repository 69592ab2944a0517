"""``ZeroPadding2D``: add rows and columns of zeros around images.

>>> import numpy as np
>>> ZeroPadding2D(((1, 0), (2, 2)))(np.ones((2, 3, 3, 1))).shape
(2, 4, 7, 1)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _ZeroPadding


@register_builtin
class ZeroPadding2D(_ZeroPadding):
    """Zero-pads the height and width axes of 4D inputs.

    Args:
        padding: int (all four borders), ``(height, width)`` symmetric amounts, or
            ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.

    Masks: a mask covers the leading axes of the input; every covered spatial axis is
    padded with ``False``.

    >>> import numpy as np
    >>> ZeroPadding2D()(np.ones((1, 2, 2, 1))).shape
    (1, 4, 4, 1)
    """

    _rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(padding, data_format)
