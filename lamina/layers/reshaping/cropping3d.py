"""``Cropping3D``: remove entries at the borders of volumes (3 spatial axes).

>>> import numpy as np
>>> Cropping3D(((1, 0), (2, 2), 0))(np.zeros((2, 5, 6, 4, 3))).shape
(2, 4, 2, 4, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _Cropping


@register_builtin
class Cropping3D(_Cropping):
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

    _rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(cropping, data_format)
