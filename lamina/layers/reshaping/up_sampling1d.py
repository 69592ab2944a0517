"""``UpSampling1D``: repeat each time step ``size`` times.

>>> import numpy as np
>>> UpSampling1D(2)(np.arange(2.0).reshape(1, 2, 1))[0, :, 0].tolist()
[0.0, 0.0, 1.0, 1.0]
"""

from lamina._registry import register_builtin
from lamina.layers.reshaping._spatial_base import _UpSampling


@register_builtin
class UpSampling1D(_UpSampling):
    """Repeats every step of ``(batch, steps, features)`` inputs ``size`` times.

    Args:
        size: positive int, the repetition factor.

    Masks: a ``(batch, steps)`` mask is repeated the same way.

    >>> import numpy as np
    >>> UpSampling1D(3)(np.zeros((2, 4, 5))).shape
    (2, 12, 5)
    """

    _rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self._configure(size)
