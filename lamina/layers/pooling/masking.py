"""``Masking``: mark timesteps whose features all equal ``mask_value`` as padding.

>>> import numpy as np
>>> x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], "float32")
>>> layer = Masking()
>>> np.asarray(layer.compute_mask(x)).tolist()
[[True, False, True]]
"""

import math

import jax.numpy as jnp
import numpy as np

from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class Masking(Layer):
    """Creates a mask: step ``t`` is padding when every feature equals ``mask_value``.

    ``compute_mask(inputs) = any(inputs != mask_value, axis=-1)``, and ``call`` sets
    the features of padding steps to 0 (as in Keras). Layers downstream that handle
    masks (RNNs, attention, pooling, losses) then skip those steps.

    Args:
        mask_value: the padding value (default ``0.0``).

    NaN padding: ``x != NaN`` is True for every ``x`` (IEEE 754), so with the default
    ``mask_value=0.0`` NaN-padded steps are *not* masked. For NaN-padded data pass
    ``mask_value=float("nan")``: lamina then matches NaN with ``isnan`` (every feature
    NaN = padding; Keras would mask nothing), or pass an explicit ``mask=`` to the
    layers, or pad integer ids with 0 and use ``Embedding(mask_zero=True)``.

    An incoming mask is AND-ed with the new one (Keras replaces it; lamina never drops
    a mask silently).

    >>> import numpy as np
    >>> x = np.array([[[1.0], [np.nan]]], "float32")
    >>> out = Masking(mask_value=float("nan"))(x)
    >>> out.tolist()
    [[[1.0], [0.0]]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict):
            raise TypeError(
                f"Masking '{self.name}': mask_value must be a number (or an array of "
                f"numbers), received the config dict {mask_value!r}. Fix: pass the value "
                "itself."
            )
        try:
            np.asarray(mask_value, dtype="float64")
        except (TypeError, ValueError):
            raise TypeError(
                f"Masking '{self.name}': mask_value must be a number, received "
                f"{mask_value!r} of type {type(mask_value).__name__}."
            ) from None
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def _is_nan_value(self) -> bool:
        return isinstance(self.mask_value, float) and math.isnan(self.mask_value)

    def _step_mask(self, inputs):
        inputs = jnp.asarray(inputs)
        if self._is_nan_value():
            differs = ~jnp.isnan(inputs)
        else:
            differs = jnp.not_equal(inputs, self.mask_value)
        return jnp.any(differs, axis=-1)

    def call(self, inputs):
        keep = self._step_mask(inputs)[..., None]
        return jnp.where(keep, inputs, jnp.zeros((), inputs.dtype))

    def compute_mask(self, inputs, mask=None):
        new_mask = self._step_mask(inputs)
        if mask is None:
            return new_mask
        return jnp.logical_and(new_mask, jnp.asarray(mask, bool))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
