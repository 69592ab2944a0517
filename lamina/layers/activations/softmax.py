"""``Softmax``: softmax along an axis, with an optional mask of excluded positions.

>>> import numpy as np
>>> [round(v, 4) for v in Softmax()(np.array([[1.0, 2.0, 1.0]]))[0].tolist()]
[0.2119, 0.5761, 0.2119]
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.convert import standardize_dtype
from lamina.layers.layer import Layer


def _large_negative(dtype):
    # Keras' constants: exp(value - max) underflows to exactly 0 in every float dtype.
    return -3e4 if standardize_dtype(dtype) == "float16" else -1e9


def _fits_trailing(mask_shape, input_shape):
    return all(m in (1, i) for m, i in zip(mask_shape[::-1], input_shape[::-1]))


@register_builtin
class Softmax(Layer):
    """``exp(x) / sum(exp(x))`` along ``axis`` (an int or a list of ints).

    ``call(inputs, mask=None)``: positions where the mask is False (or ``<= 0.5`` for
    a numeric mask) get no probability: they are replaced by a large negative number
    before the softmax (with ``where``, so a NaN or inf there never leaks) and set to 0
    afterwards, so a fully masked row gives zeros, never NaN. The mask may be

    * broadcastable to the inputs in the numpy sense (aligned on the trailing axes, as
      in Keras: e.g. an attention mask ``(batch, 1, queries, keys)``), or
    * a mask of the leading axes, as lamina layers propagate them (``(batch, time)``
      for ``(batch, time, features)`` inputs): masked timesteps become all-zero rows.

    A lower-rank mask whose shape equals the leading axes of the inputs is read the
    second way (lamina's masks always start with the batch axis), even where numpy
    broadcasting would also fit; give explicit Keras-style masks the inputs' rank
    (size-1 axes where they broadcast) to avoid any doubt. The mask passes through to
    the output (``supports_masking``).

    Args:
        axis: int or list of ints, the normalized axis or axes (default -1).

    >>> import numpy as np
    >>> x = np.array([[1.0, 2.0, 3.0]])
    >>> Softmax()(x, mask=np.array([[True, True, False]])).tolist()[0][2]
    0.0
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if not axes or any(isinstance(a, bool) or not isinstance(a, int) for a in axes):
            raise ValueError(
                f"Softmax '{self.name}': axis must be an int or a non-empty list of ints, "
                f"received axis={axis!r}."
            )
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.supports_masking = True
        self.built = True

    def _axes(self, rank):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(
                    f"Softmax '{self.name}': axis={self.axis} is out of range for inputs of "
                    f"rank {rank}."
                )
        return tuple(a % rank for a in axes)

    def _broadcast_mask(self, mask, inputs):
        mask = jnp.asarray(mask)
        m_shape, i_shape = tuple(mask.shape), tuple(inputs.shape)
        if mask.ndim > inputs.ndim:
            raise ValueError(
                f"Softmax '{self.name}': the mask has more axes than the inputs, received "
                f"mask.shape={m_shape} for inputs.shape={i_shape}."
            )
        leading = mask.ndim < inputs.ndim and m_shape == i_shape[: mask.ndim]
        if leading:  # a propagated (batch, time, ...) mask
            mask = mask.reshape(m_shape + (1,) * (inputs.ndim - mask.ndim))
        elif not _fits_trailing(m_shape, i_shape):
            raise ValueError(
                f"Softmax '{self.name}': the mask must cover the leading axes of the inputs "
                "or broadcast to them (each axis 1 or equal, aligned on the trailing axes); "
                f"received mask.shape={m_shape} for inputs.shape={i_shape}."
            )
        if mask.dtype != jnp.bool_:
            mask = mask > 0.5
        return jnp.broadcast_to(mask, i_shape)

    def call(self, inputs, mask=None):
        if not jnp.issubdtype(inputs.dtype, jnp.floating):
            inputs = inputs.astype(self.compute_dtype)
        axes = self._axes(inputs.ndim)
        keep = None
        if mask is not None:
            keep = self._broadcast_mask(mask, inputs)
            inputs = jnp.where(keep, inputs, jnp.asarray(_large_negative(inputs.dtype),
                                                         inputs.dtype))
        outputs = jax.nn.softmax(inputs, axis=axes if len(axes) > 1 else axes[0])
        if keep is not None:
            outputs = jnp.where(keep, outputs, jnp.zeros((), outputs.dtype))
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
