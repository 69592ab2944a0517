"""``Lamb``: Adam with a per-variable trust ratio (You et al., 2019), Keras 3 formulation.

Keras scales the bias-corrected Adam direction by ``||w|| / ||update||`` (1 when either
norm is 0) and puts epsilon outside the root; optax's ``lamb`` adds weight decay inside
and differs in those details, so the Keras formula is written here as an optax
transformation (extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([3.0, 4.0]), name="w")
>>> Lamb(learning_rate=0.1).apply([jnp.array([1.0, 0.0])], [w])
>>> [round(x, 3) for x in w.numpy().tolist()]
[2.5, 4.0]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.optimizers._adam_family import AdamFamily, moving_average, power
from lamina.optimizers._slot_transform import slot_transform


def _lamb_transform(beta_1, beta_2, epsilon):
    """Keras Lamb as an optax transformation."""

    def step(g, p, lr, count, m, v):
        t = count.astype(p.dtype)
        m = moving_average(m, g, beta_1)
        v = moving_average(v, jnp.square(g), beta_2)
        update = (m / (1.0 - power(beta_1, t))) / (
            jnp.sqrt(v / (1.0 - power(beta_2, t))) + epsilon)
        w_norm = jnp.sqrt(jnp.sum(jnp.power(p, 2)))
        g_norm = jnp.sqrt(jnp.sum(jnp.power(update, 2)))
        ratio = jnp.where(w_norm > 0, jnp.where(g_norm > 0, w_norm / g_norm, 1.0), 1.0)
        return -(ratio * lr * update), (m, v)

    return slot_transform(AdamFamily._slot_names, step)


@register_builtin
class Lamb(AdamFamily):
    """Lamb: layer-wise adaptive Adam for large batches.

    Slots: ``momentum`` and ``velocity`` per variable (interleaved).

    >>> Lamb().get_config()["beta_1"]
    0.9
    """

    def _transform(self):
        return _lamb_transform(self.beta_1, self.beta_2, self.epsilon)
