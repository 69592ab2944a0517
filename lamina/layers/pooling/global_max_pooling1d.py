"""``GlobalMaxPooling1D``: maximum over the time axis, over valid steps when masked.

>>> import numpy as np
>>> x = np.array([[[1.0], [3.0], [9.0]]], "float32")
>>> GlobalMaxPooling1D()(x, mask=np.array([[True, True, False]])).tolist()
[[3.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.pooling._global_pooling_base import _GlobalPooling


def _lowest(dtype):
    if jnp.issubdtype(dtype, jnp.floating):
        return jnp.asarray(-jnp.inf, dtype)
    if dtype == jnp.bool_:
        return jnp.asarray(False)
    return jnp.asarray(jnp.iinfo(dtype).min, dtype)


@register_builtin(names=("GlobalMaxPool1D",))
class GlobalMaxPooling1D(_GlobalPooling):
    """Maximum over the steps of ``(batch, steps, features)`` (``channels_first``:
    ``(batch, features, steps)``), giving ``(batch, features)``.

    Args:
        data_format: ``"channels_last"`` / ``"channels_first"`` (default from
            ``lamina.config.image_data_format()``).
        keepdims: keep the time axis with size 1.

    Masks: Keras 3 ignores a mask here (padding can win the max). lamina honours it:
    the maximum runs over valid steps only (masked steps removed with ``where``, so NaN
    padding reaches neither the output nor the gradients); a sequence with no valid step
    gives 0. The time axis is reduced, so the mask ends here.

    >>> import numpy as np
    >>> GlobalMaxPooling1D(data_format="channels_first")(np.ones((2, 4, 3))).shape
    (2, 4)
    """

    _rank = 1
    _reduce = staticmethod(jnp.max)

    def call(self, inputs, mask=None):
        axis = self.spatial_axes[0]
        if mask is None:
            return super().call(inputs)
        valid = self.expanded_time_mask(inputs, mask)
        best = jnp.max(jnp.where(valid, inputs, _lowest(inputs.dtype)), axis=axis,
                       keepdims=self.keepdims)
        any_valid = jnp.any(valid, axis=axis, keepdims=self.keepdims)
        return jnp.where(any_valid, best, jnp.zeros((), inputs.dtype))


GlobalMaxPool1D = GlobalMaxPooling1D
