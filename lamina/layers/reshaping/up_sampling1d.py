"""``UpSampling1D``: repeat each time step ``size`` times.

>>> import numpy as np
>>> UpSampling1D(2)(np.arange(2.0).reshape(1, 2, 1))[0, :, 0].tolist()
[0.0, 0.0, 1.0, 1.0]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial


@register_builtin
class UpSampling1D(Layer):
    """Repeats every step of ``(batch, steps, features)`` inputs ``size`` times.

    Args:
        size: positive int, the repetition factor.

    Masks: a ``(batch, steps)`` mask is repeated the same way.

    >>> import numpy as np
    >>> UpSampling1D(3)(np.zeros((2, 4, 5))).shape
    (2, 12, 5)
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError(
                f"UpSampling1D '{self.name}': size must be a positive int, received "
                f"size={size!r}."
            )
        self.size = size
        self.input_spec = InputSpec(ndim=3)
        self.built = True

    def call(self, inputs):
        return jnp.repeat(inputs, self.size, axis=1)

    def compute_mask(self, inputs, mask=None):
        owner = f"UpSampling1D '{self.name}'"
        return _spatial.repeat_mask(mask, inputs, {1: self.size}, owner)

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "size": self.size}
