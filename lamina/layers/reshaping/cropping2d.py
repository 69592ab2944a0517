"""``Cropping2D``: remove rows and columns at the borders of images.

>>> import numpy as np
>>> Cropping2D(((1, 0), (2, 2)))(np.zeros((2, 5, 6, 3))).shape
(2, 4, 2, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _Cropping


@register_builtin
class Cropping2D(_Cropping):
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

    _rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(cropping, data_format)
