"""``ZeroPadding3D``: add zeros around volumes (3 spatial axes).

>>> import numpy as np
>>> ZeroPadding3D(((1, 0), 2, 0))(np.ones((2, 3, 3, 3, 1))).shape
(2, 4, 7, 3, 1)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _ZeroPadding


@register_builtin
class ZeroPadding3D(_ZeroPadding):
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

    _rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(padding, data_format)
