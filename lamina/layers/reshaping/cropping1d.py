"""``Cropping1D``: remove entries at the start and end of the time axis.

>>> import numpy as np
>>> Cropping1D((1, 2))(np.zeros((2, 6, 3))).shape
(2, 3, 3)
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _Cropping


@register_builtin
class Cropping1D(_Cropping):
    """Crops ``(batch, steps, features)`` inputs along ``steps``.

    Args:
        cropping: int (same amount at both ends) or ``(start, end)`` pair of ints >= 0.

    Masks: a ``(batch, steps)`` mask is cropped the same way.

    >>> import numpy as np
    >>> Cropping1D(1)(np.arange(4.0).reshape(1, 4, 1))[0, :, 0].tolist()
    [1.0, 2.0]
    """

    _rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self._configure(cropping)
