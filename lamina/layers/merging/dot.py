"""``Dot``: per-sample dot product of two tensors along given axes (and ``dot``).

>>> import numpy as np
>>> x = np.arange(10.0).reshape(1, 5, 2)
>>> y = np.arange(10.0, 20.0).reshape(1, 2, 5)
>>> Dot(axes=(1, 2))([x, y]).shape
(1, 2, 2)
"""

import jax
import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge, _shape_str
from lamina.ops.operation import MaskNotSupportedError


def _l2_normalize(x, axis):
    """``x / ||x||`` along ``axis`` (the inverse norm capped at ``1 / epsilon()``)."""
    inv_norm = jax.lax.rsqrt(jnp.sum(jnp.square(x), axis=axis, keepdims=True))
    return x * jnp.minimum(inv_norm, 1.0 / config.epsilon())


@register_builtin
class Dot(Merge):
    """Dot product of two inputs' samples along ``axes``.

    The output has the first input's axes (batch first) without ``axes[0]``, then the
    second input's axes without its batch axis and ``axes[1]``; a result of rank 1 is
    returned as ``(batch, 1)``.

    Args:
        axes: int, or a pair ``(axis_of_x, axis_of_y)``; never the batch axis 0.
        normalize: L2-normalize both inputs along the axes first (the output is then
            the cosine similarity).

    Masks are not supported: the product reduces over an axis, so an input mask has no
    meaning for the output (Keras drops it; lamina raises ``MaskNotSupportedError``).

    >>> import numpy as np
    >>> Dot(axes=1)([np.ones((2, 3)), np.ones((2, 3))]).tolist()
    [[3.0], [3.0]]
    """

    _num_inputs = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axes, (list, tuple)):
            if len(axes) != 2 or not all(isinstance(a, int) and not isinstance(a, bool)
                                         for a in axes):
                raise ValueError(
                    f"Dot '{self.name}': axes must be an int or a pair of ints, received "
                    f"axes={axes!r}."
                )
        elif isinstance(axes, bool) or not isinstance(axes, int):
            raise TypeError(
                f"Dot '{self.name}': axes must be an int or a pair of ints, received "
                f"axes={axes!r}."
            )
        self.axes = axes
        self.normalize = bool(normalize)
        self.supports_masking = False

    def _resolved_axes(self, shape1, shape2):
        pair = (self.axes, self.axes) if isinstance(self.axes, int) else tuple(self.axes)
        resolved = []
        for axis, shape in zip(pair, (shape1, shape2)):
            if not -len(shape) <= axis < len(shape):
                raise ValueError(
                    f"Dot '{self.name}': axes={self.axes} is out of range for input shapes "
                    f"{_shape_str(shape1)} and {_shape_str(shape2)}."
                )
            resolved.append(axis % len(shape))
        if 0 in resolved:
            raise ValueError(
                f"Dot '{self.name}': axes={self.axes} includes the batch axis 0, received "
                f"shapes {_shape_str(shape1)} and {_shape_str(shape2)}. Add a batch axis "
                "with ops.expand_dims(x, 0) if your inputs are not batched."
            )
        return resolved

    def build(self, input_shape):
        self._check_list(input_shape)
        shape1, shape2 = (tuple(s) for s in input_shape)
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(
                f"Dot '{self.name}': both inputs need rank >= 2 (batch + features), received "
                f"shapes {_shape_str(shape1)} and {_shape_str(shape2)}."
            )
        a1, a2 = self._resolved_axes(shape1, shape2)
        d1, d2 = shape1[a1], shape2[a2]
        if d1 is not None and d2 is not None and d1 != d2:
            raise ValueError(
                f"Dot '{self.name}': the dot axes differ in size: axis {a1} of "
                f"{_shape_str(shape1)} has {d1}, axis {a2} of {_shape_str(shape2)} has {d2}."
            )
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None and any(m is not None for m in self._masks_list(inputs, mask)):
            raise MaskNotSupportedError(
                f"Dot '{self.name}' received a masked input, but a dot product reduces over "
                "an axis, so the mask would be lost. Fix: end the mask before this layer "
                "(e.g. zero the masked steps with ops.where inside a layer that consumes "
                "the mask), or compute the product in a layer that handles masks."
            )
        return super().call(inputs)

    def _merge_function(self, inputs, masks):
        x, y = inputs
        a1, a2 = self._resolved_axes(x.shape, y.shape)
        dtype = jnp.result_type(x, y)
        x, y = x.astype(dtype), y.astype(dtype)
        if self.normalize:
            x, y = _l2_normalize(x, a1), _l2_normalize(y, a2)
        output = jax.lax.dot_general(x, y, (((a1,), (a2,)), ((0,), (0,))))
        return output[:, None] if output.ndim == 1 else output

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def dot(inputs, axes=-1, **kwargs):
    """Functional form of :class:`Dot`: ``Dot(axes, **kwargs)(inputs)``.

    >>> import numpy as np
    >>> dot([np.ones((1, 2)), np.ones((1, 2))], axes=1).tolist()
    [[2.0]]
    """
    return Dot(axes=axes, **kwargs)(inputs)
