"""``Nadam``: Adam with Nesterov momentum, Keras 3 formulation (Dozat's momentum schedule).

Keras uses the momentum schedule ``u_t = beta_1 * (1 - 0.5 * 0.96^t)`` and keeps the
running product of the ``u_t`` in a scalar Variable; optax's ``nadam`` has no such
schedule, so the Keras formula is written here as an optax transformation. The scalar
is the last optimizer variable, as in Keras (lamina names it ``u_product``; Keras
leaves it unnamed, ``"variable"``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> opt = Nadam(learning_rate=0.1)
>>> opt.apply([jnp.array([1.0])], [w])
>>> [v.name for v in opt.variables][-1]
'u_product'
"""

import jax.numpy as jnp
import optax

from lamina import config
from lamina._registry import register_builtin
from lamina.optimizers._adam_family import AdamFamily, moving_average, power
from lamina.optimizers._slot_transform import update_slots, zero_slots

_SLOT_NAMES = AdamFamily._slot_names


def _nadam_transform(beta_1, beta_2, epsilon):
    """Keras Nadam as an optax transformation."""

    def init_fn(params):
        dtype = params[0].dtype if params else config.floatx()
        return {**zero_slots(params, _SLOT_NAMES), "u_product": jnp.ones((), dtype)}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        u_product = state["u_product"]
        schedule = 1.0 - 0.5 * power(0.96, (iterations + 1).astype(u_product.dtype))
        u_product = u_product * beta_1 * schedule

        def step(g, p, lr, count, m, v):
            dtype = p.dtype
            t = count.astype(dtype)
            b1 = jnp.asarray(beta_1, dtype)
            b2 = jnp.asarray(beta_2, dtype)
            u_t = b1 * (1.0 - 0.5 * power(0.96, t))
            u_t_1 = b1 * (1.0 - 0.5 * power(0.96, (iterations + 2).astype(dtype)))
            u_product_t = u_product.astype(dtype)
            u_product_t_1 = u_product_t * u_t_1
            m = moving_average(m, g, b1)
            v = moving_average(v, jnp.square(g), b2)
            m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * g) / (1 - u_product_t)
            v_hat = v / (1 - power(b2, t))
            return -((m_hat * lr) / (jnp.sqrt(v_hat) + epsilon)), (m, v)

        deltas, new_state = update_slots(step, _SLOT_NAMES, updates, state, params,
                                         learning_rate, iterations)
        return deltas, {**new_state, "u_product": u_product}

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Nadam(AdamFamily):
    """Nadam: Adam with Nesterov momentum.

    Slots: ``momentum`` and ``velocity`` per variable (interleaved), then the scalar
    ``u_product``.

    >>> Nadam().get_config()["epsilon"]
    1e-07
    """

    def _build_state(self, var_list):
        super()._build_state(var_list)
        dtype = var_list[0].dtype if var_list else config.floatx()
        self._state_variables["u_product"] = self.add_variable((), "ones", dtype,
                                                               name="u_product")

    def _transform(self):
        return _nadam_transform(self.beta_1, self.beta_2, self.epsilon)
