"""``ActivityRegularization``: identity layer that adds an L1/L2 penalty on its inputs.

>>> import numpy as np
>>> layer = ActivityRegularization(l1=0.1)
>>> layer(np.array([[1.0, -2.0], [3.0, 0.0]])).tolist()
[[1.0, -2.0], [3.0, 0.0]]
>>> [round(float(v), 4) for v in layer.losses]  # 0.1 * 6 / batch size 2
[0.3]
"""

import jax.numpy as jnp

from lamina import regularizers
from lamina._registry import register_builtin
from lamina.layers.layer import Layer


@register_builtin
class ActivityRegularization(Layer):
    """Returns its inputs unchanged and adds ``(l1 * sum|x| + l2 * sum x**2) / batch``.

    The penalty is divided by the batch size (the size of axis 0), as Keras 3 does
    for activity regularizers, so its strength does not depend on the batch size.
    The penalty is added by ``call`` itself (``self.penalty``, an ``L1L2``), not through
    the base class' ``activity_regularizer``, which stays None. ``fit`` adds it to the
    total loss. Masks pass through.

    Args:
        l1, l2: non-negative floats, the penalty factors.

    >>> ActivityRegularization(l2=0.5).get_config()["l2"]
    0.5
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        if "activity_regularizer" in kwargs:
            raise TypeError(
                "ActivityRegularization: the penalty is set by l1= and l2=; do not pass "
                f"activity_regularizer={kwargs['activity_regularizer']!r}."
            )
        super().__init__(**kwargs)
        self.penalty = regularizers.L1L2(l1=l1, l2=l2)
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        loss = self.penalty(inputs)
        if inputs.ndim > 0:
            batch = jnp.asarray(inputs.shape[0], loss.dtype)
            loss = jnp.where(batch > 0, loss / jnp.maximum(batch, 1), jnp.zeros_like(loss))
        self.add_loss(loss)
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = {**super().get_config(), "l1": self.l1, "l2": self.l2}
        config.pop("activity_regularizer", None)
        return config
