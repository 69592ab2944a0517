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
import optax

from lamina._registry import register_builtin
from lamina.optimizers.optimizer import Optimizer


def _adamax_transform(beta_1, beta_2, epsilon):
    """Keras Adamax as an optax transformation."""

    def init_fn(params):
        return {"momentum": [jnp.zeros_like(p) for p in params],
                "norm": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        new_state = {"momentum": [], "norm": []}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            beta_1_power = jnp.power(jnp.asarray(beta_1, dtype), (iterations + 1).astype(dtype))
            m = state["momentum"][i]
            m = m + (g - m) * (1 - beta_1)
            u = jnp.maximum(beta_2 * state["norm"][i], jnp.abs(g))
            new_state["momentum"].append(m)
            new_state["norm"].append(u)
            deltas.append(-((lr * m) / ((1 - beta_1_power) * (u + epsilon))))
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Adamax(Optimizer):
    """Adamax: Adam whose second moment is an exponentially weighted infinity norm.

    Slots: ``momentum`` and ``norm`` per variable (interleaved).

    >>> Adamax().get_config()["beta_2"]
    0.999
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
        momentum, norm = self.add_optimizer_variables(var_list, ["momentum", "norm"])
        self._state_variables = {"momentum": momentum, "norm": norm}

    def _transform(self):
        return _adamax_transform(self.beta_1, self.beta_2, self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
