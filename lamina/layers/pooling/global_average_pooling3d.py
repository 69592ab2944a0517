"""``GlobalAveragePooling3D``: mean over the 3 spatial axes.

>>> import numpy as np
>>> GlobalAveragePooling3D()(np.ones((2, 3, 4, 5, 3))).shape
(2, 3)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.pooling._global_pooling_base import _GlobalPooling


@register_builtin(names=("GlobalAvgPool3D",))
class GlobalAveragePooling3D(_GlobalPooling):
    """Mean over the spatial axes of ``(batch, dim1, dim2, dim3, channels)``
    (``channels_first``: ``(batch, channels, dim1, dim2, dim3)``), giving ``(batch, channels)``.

    Args:
        data_format: ``"channels_last"`` / ``"channels_first"`` (default from
            ``lamina.config.image_data_format()``).
        keepdims: keep the spatial axes with size 1.

    Masks: refused (a mask reaching this layer raises ``MaskNotSupportedError``): a
    ``(batch, time)`` mask has no meaning for 3 spatial axes.

    >>> import numpy as np
    >>> GlobalAveragePooling3D(keepdims=True)(np.ones((2, 3, 4, 5, 3))).shape
    (2, 1, 1, 1, 3)
    """

    _rank = 3
    _reduce = staticmethod(jnp.mean)


GlobalAvgPool3D = GlobalAveragePooling3D
