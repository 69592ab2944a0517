"""``RepeatVector``: turn ``(batch, features)`` into ``(batch, n, features)``.

>>> import numpy as np
>>> RepeatVector(3)(np.ones((2, 4))).shape
(2, 3, 4)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class RepeatVector(Layer):
    """Repeats each 2D input vector ``n`` times along a new time axis (axis 1).

    Args:
        n: positive int, the number of repetitions.

    Masks: the input has no time axis, so a mask reaching this layer is refused
    (``MaskNotSupportedError``).

    >>> import numpy as np
    >>> RepeatVector(2)(np.array([[1.0, 2.0]])).tolist()
    [[[1.0, 2.0], [1.0, 2.0]]]
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(
                f"RepeatVector '{self.name}': n must be an int, received n={n!r} "
                f"({type(n).__name__})."
            )
        if n <= 0:
            raise ValueError(f"RepeatVector '{self.name}': n must be positive, received n={n}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs):
        return jnp.repeat(inputs[:, None, :], self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
