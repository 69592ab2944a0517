"""``GlobalMaxPooling2D``: maximum over the 2 spatial axes.

>>> import numpy as np
>>> GlobalMaxPooling2D()(np.ones((2, 4, 5, 3))).shape
(2, 3)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.pooling._global_pooling_base import _GlobalPooling


@register_builtin(names=("GlobalMaxPool2D",))
class GlobalMaxPooling2D(_GlobalPooling):
    """Maximum over the spatial axes of ``(batch, rows, cols, channels)``
    (``channels_first``: ``(batch, channels, rows, cols)``), giving ``(batch, channels)``.

    Args:
        data_format: ``"channels_last"`` / ``"channels_first"`` (default from
            ``lamina.config.image_data_format()``).
        keepdims: keep the spatial axes with size 1.

    Masks: refused (a mask reaching this layer raises ``MaskNotSupportedError``): a
    ``(batch, time)`` mask has no meaning for 2 spatial axes.

    >>> import numpy as np
    >>> GlobalMaxPooling2D(keepdims=True)(np.ones((2, 4, 5, 3))).shape
    (2, 1, 1, 3)
    """

    _rank = 2
    _reduce = staticmethod(jnp.max)


GlobalMaxPool2D = GlobalMaxPooling2D
