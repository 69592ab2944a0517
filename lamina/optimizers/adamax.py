"""``Adamax``: Adam with the infinity norm, Keras 3 formulation.

Keras divides by ``(1 - beta_1^t) * (u + epsilon)`` with ``u = max(beta_2 * u, |g|)``;
optax's ``scale_by_adamax`` puts epsilon inside the max, so the Keras formula is written
here as an optax transformation (extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> Adamax(learning_rate=0.1).apply([jnp.array([3.0])], [w])
>>> round(float(w.numpy()[0]), 4)
0.9
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.optimizers._adam_family import AdamFamily, moving_average, power
from lamina.optimizers._slot_transform import slot_transform

_SLOT_NAMES = ("momentum", "norm")


def _adamax_transform(beta_1, beta_2, epsilon):
    """Keras Adamax as an optax transformation."""

    def step(g, p, lr, count, m, u):
        beta_1_power = power(beta_1, count.astype(p.dtype))
        m = moving_average(m, g, beta_1)
        u = jnp.maximum(beta_2 * u, jnp.abs(g))
        return -((lr * m) / ((1 - beta_1_power) * (u + epsilon))), (m, u)

    return slot_transform(_SLOT_NAMES, step)


@register_builtin
class Adamax(AdamFamily):
    """Adamax: Adam whose second moment is an exponentially weighted infinity norm.

    Slots: ``momentum`` and ``norm`` per variable (interleaved).

    >>> Adamax().get_config()["beta_2"]
    0.999
    """

    _slot_names = _SLOT_NAMES

    def _transform(self):
        return _adamax_transform(self.beta_1, self.beta_2, self.epsilon)
