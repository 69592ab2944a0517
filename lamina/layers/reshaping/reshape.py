"""``Reshape``: give each sample a new shape (the batch axis is kept).

>>> import numpy as np
>>> Reshape((3, 4))(np.zeros((2, 12))).shape
(2, 3, 4)
>>> Reshape((-1, 2))(np.zeros((2, 12))).shape
(2, 6, 2)
"""

import math

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.layer import Layer


@register_builtin
class Reshape(Layer):
    """Reshapes inputs ``(batch, ...)`` to ``(batch, *target_shape)``.

    Args:
        target_shape: tuple of positive ints without the batch axis; one entry may be
            ``-1`` (inferred from the input's size).

    A size mismatch raises an error naming the layer, the input shape and the target.
    Masks are not supported (a reshape can move the time axis), so a mask reaching this
    layer raises ``MaskNotSupportedError``.

    >>> from lamina.layers.core.input_layer import Input
    >>> Reshape((-1, 2, 2))(Input(shape=(12,))).shape
    (None, 3, 2, 2)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if isinstance(target_shape, int):
            target_shape = (target_shape,)
        try:
            target_shape = tuple(target_shape)
        except TypeError:
            raise ValueError(
                f"Reshape '{self.name}': target_shape must be a tuple of ints, received "
                f"{target_shape!r}."
            ) from None
        bad = [d for d in target_shape
               if isinstance(d, bool) or not isinstance(d, int) or (d <= 0 and d != -1)]
        if bad or target_shape.count(-1) > 1:
            raise ValueError(
                f"Reshape '{self.name}': target_shape must hold positive ints and at most "
                f"one -1 (inferred), received target_shape={target_shape}."
            )
        self.target_shape = target_shape
        self.built = True

    def _resolve(self, input_shape):
        """The output shape without the batch axis (``None`` where unknown)."""
        dims = tuple(input_shape)[1:]
        if any(d is None for d in dims):
            return tuple(None if d == -1 else d for d in self.target_shape)
        size = math.prod(dims)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            ok = known > 0 and size % known == 0
            fill = size // known if ok else None
            resolved = tuple(fill if d == -1 else d for d in self.target_shape)
        else:
            ok = known == size
            resolved = self.target_shape
        if not ok:
            raise ValueError(
                f"Reshape '{self.name}': cannot reshape an input of shape {tuple(input_shape)} "
                f"({size} values per sample) to target_shape={self.target_shape}. The "
                "product of target_shape (with -1 inferred) must equal the number of values "
                "per sample."
            )
        return resolved

    def compute_output_shape(self, input_shape):
        return (tuple(input_shape)[0], *self._resolve(input_shape))

    def compute_output_spec(self, inputs):
        return KerasTensor(self.compute_output_shape(inputs.shape), inputs.dtype)

    def call(self, inputs):
        return jnp.reshape(inputs, (inputs.shape[0], *self._resolve(inputs.shape)))

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["target_shape"] = tuple(config["target_shape"])
        return cls(**config)
