"""``UpSampling3D``: repeat entries of volumes along their three spatial axes.

>>> import numpy as np
>>> UpSampling3D((1, 2, 3))(np.zeros((1, 2, 2, 2, 4))).shape
(1, 2, 4, 6, 4)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _UpSampling


@register_builtin
class UpSampling3D(_UpSampling):
    """Nearest-neighbour up-sampling of the three spatial axes of 5D inputs.

    Args:
        size: int or ``(dim1, dim2, dim3)`` factors (positive ints).
        data_format: ``"channels_last"`` or ``"channels_first"``; default
            ``image_data_format()``.

    Masks: a mask covers the leading axes of the input; every covered spatial axis is
    repeated like the input.

    >>> import numpy as np
    >>> UpSampling3D()(np.zeros((1, 1, 2, 3, 1))).shape
    (1, 2, 4, 6, 1)
    """

    _rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._configure(size, data_format)
