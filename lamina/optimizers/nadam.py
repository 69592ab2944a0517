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
from lamina.optimizers.optimizer import Optimizer


def _nadam_transform(beta_1, beta_2, epsilon):
    """Keras Nadam as an optax transformation."""

    def init_fn(params):
        dtype = params[0].dtype if params else config.floatx()
        return {"momentum": [jnp.zeros_like(p) for p in params],
                "velocity": [jnp.zeros_like(p) for p in params],
                "u_product": jnp.ones((), dtype)}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        u_product = state["u_product"]
        schedule = 1.0 - 0.5 * jnp.power(jnp.asarray(0.96, u_product.dtype),
                                         (iterations + 1).astype(u_product.dtype))
        u_product = u_product * beta_1 * schedule
        new_state = {"momentum": [], "velocity": [], "u_product": u_product}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            step = (iterations + 1).astype(dtype)
            decay = jnp.asarray(0.96, dtype)
            b1 = jnp.asarray(beta_1, dtype)
            b2 = jnp.asarray(beta_2, dtype)
            u_t = b1 * (1.0 - 0.5 * jnp.power(decay, step))
            u_t_1 = b1 * (1.0 - 0.5 * jnp.power(decay, (iterations + 2).astype(dtype)))
            u_product_t = u_product.astype(dtype)
            u_product_t_1 = u_product_t * u_t_1
            m = state["momentum"][i]
            v = state["velocity"][i]
            m = m + (g - m) * (1 - b1)
            v = v + (jnp.square(g) - v) * (1 - b2)
            new_state["momentum"].append(m)
            new_state["velocity"].append(v)
            m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * g) / (1 - u_product_t)
            v_hat = v / (1 - jnp.power(b2, step))
            deltas.append(-((m_hat * lr) / (jnp.sqrt(v_hat) + epsilon)))
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum.

    Slots: ``momentum`` and ``velocity`` per variable (interleaved), then the scalar
    ``u_product``.

    >>> Nadam().get_config()["epsilon"]
    1e-07
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm,
            clipvalue=clipvalue, global_clipnorm=global_clipnorm, use_ema=use_ema,
            ema_momentum=ema_momentum, ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def _build_state(self, var_list):
        momentum, velocity = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        dtype = var_list[0].dtype if var_list else config.floatx()
        self._state_variables = {"momentum": momentum, "velocity": velocity,
                                 "u_product": self.add_variable((), "ones", dtype,
                                                                name="u_product")}

    def _transform(self):
        return _nadam_transform(self.beta_1, self.beta_2, self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
