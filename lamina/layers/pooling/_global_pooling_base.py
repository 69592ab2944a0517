"""``_GlobalPooling``: the constructor and unmasked reduction shared by the global pooling
layers (``GlobalAveragePooling1D`` ... ``GlobalMaxPooling3D``).

A concrete layer sets ``_rank`` (its number of spatial axes) and ``_reduce``
(``jnp.mean`` or ``jnp.max``); the 1D layers replace ``call`` with a mask-aware one
(a ``call`` without a ``mask`` argument is what makes the 2D/3D layers refuse masks).

>>> import numpy as np
>>> class _Sum2D(_GlobalPooling):
...     _rank, _reduce = 2, staticmethod(jnp.sum)
>>> _Sum2D()(np.ones((1, 2, 3, 4))).tolist()
[[6.0, 6.0, 6.0, 6.0]]
"""

import jax.numpy as jnp

from lamina.layers.pooling.base_global_pooling import BaseGlobalPooling


class _GlobalPooling(BaseGlobalPooling):
    """``BaseGlobalPooling`` with the rank and reduction fixed by the subclass."""

    _rank = 1
    _reduce = staticmethod(jnp.mean)

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(self._rank, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return self._reduce(inputs, axis=self.spatial_axes, keepdims=self.keepdims)
