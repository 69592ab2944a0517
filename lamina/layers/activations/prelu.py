"""``PReLU``: leaky rectifier whose negative slope ``alpha`` is learned.

>>> import numpy as np
>>> layer = PReLU(alpha_initializer="ones")
>>> layer(np.array([[-2.0, 3.0]])).tolist()
[[-2.0, 3.0]]
>>> [w.name for w in layer.weights]
['alpha']
"""

import jax

from lamina import constraints, initializers, regularizers
from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer


@register_builtin
class PReLU(Layer):
    """``f(x) = x`` for ``x >= 0``, ``alpha * x`` otherwise, with a learned ``alpha``.

    ``alpha`` has the input's shape without the batch axis; ``shared_axes`` lists
    axes (>= 1) over which one slope is shared (e.g. ``[1, 2]`` for one slope per
    channel of ``(batch, height, width, channels)`` images).

    Args:
        alpha_initializer, alpha_regularizer, alpha_constraint: for the ``alpha`` weight
            (default initializer ``"Zeros"``: a plain ReLU at the start).
        shared_axes: int, list of ints, or None.

    Masks pass through.

    >>> import numpy as np
    >>> layer = PReLU(shared_axes=[1])
    >>> _ = layer(np.zeros((2, 5, 3)))
    >>> layer.alpha.shape
    (1, 3)
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            axes = list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]
            if any(isinstance(a, bool) or not isinstance(a, int) or a < 1 for a in axes):
                raise ValueError(
                    f"PReLU '{self.name}': shared_axes must be ints >= 1 (axis 0 is the "
                    f"batch), received shared_axes={shared_axes!r}."
                )
            self.shared_axes = axes
        self.supports_masking = True
        self.alpha = None

    def build(self, input_shape):
        rank = len(input_shape)
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if axis >= rank:
                raise ValueError(
                    f"PReLU '{self.name}': shared_axes={self.shared_axes} names axis {axis}, "
                    f"but the input has shape {tuple(input_shape)} (rank {rank})."
                )
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(
                f"PReLU '{self.name}': every non-shared axis must have a known size to "
                f"create alpha, received input_shape={tuple(input_shape)}; share the "
                "unknown axes with shared_axes."
            )
        self.alpha = self.add_weight(
            shape=param_shape, name="alpha", initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        shared = set(self.shared_axes or ())
        axes = {i: input_shape[i] for i in range(1, rank) if i not in shared}
        self.input_spec = InputSpec(ndim=rank, axes=axes)
        self.built = True

    def call(self, inputs):
        alpha = self.alpha.value.astype(inputs.dtype)
        return jax.nn.relu(inputs) - alpha * jax.nn.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
