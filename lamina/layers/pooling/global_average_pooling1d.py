"""``GlobalAveragePooling1D``: average over the time axis, over valid steps when masked.

>>> import numpy as np
>>> x = np.array([[[1.0], [3.0], [np.nan]]], "float32")
>>> GlobalAveragePooling1D()(x, mask=np.array([[True, True, False]])).tolist()
[[2.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.pooling._global_pooling_base import _GlobalPooling


@register_builtin(names=("GlobalAvgPool1D",))
class GlobalAveragePooling1D(_GlobalPooling):
    """Mean over the steps of ``(batch, steps, features)`` (``channels_first``:
    ``(batch, features, steps)``), giving ``(batch, features)``.

    Args:
        data_format: ``"channels_last"`` / ``"channels_first"`` (default from
            ``lamina.config.image_data_format()``).
        keepdims: keep the time axis with size 1.

    Masks: with a ``(batch, steps)`` mask (attached to the input, e.g. by
    ``Embedding(mask_zero=True)``, or passed as ``mask=``) the mean runs over valid steps
    only. Masked steps are removed with ``where``, so NaN or Inf padding reaches neither
    the output nor the gradients; a sequence with no valid step gives 0 (Keras gives
    NaN). The time axis is reduced, so the mask ends here.

    >>> import numpy as np
    >>> GlobalAveragePooling1D(keepdims=True)(np.ones((2, 3, 4))).shape
    (2, 1, 4)
    """

    _rank = 1
    _reduce = staticmethod(jnp.mean)

    def call(self, inputs, mask=None):
        axis = self.spatial_axes[0]
        if mask is None:
            return super().call(inputs)
        valid = self.expanded_time_mask(inputs, mask)
        dtype = inputs.dtype if jnp.issubdtype(inputs.dtype, jnp.floating) else jnp.float32
        total = jnp.sum(jnp.where(valid, inputs, jnp.zeros((), inputs.dtype)).astype(dtype),
                        axis=axis, keepdims=self.keepdims)
        count = jnp.sum(valid, axis=axis, keepdims=self.keepdims).astype(dtype)
        mean = total / jnp.maximum(count, jnp.ones((), dtype))
        return jnp.where(count > 0, mean, jnp.zeros((), dtype))


GlobalAvgPool1D = GlobalAveragePooling1D
