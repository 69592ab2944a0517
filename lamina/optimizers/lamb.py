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
import optax

from lamina._registry import register_builtin
from lamina.optimizers.optimizer import Optimizer


def _lamb_transform(beta_1, beta_2, epsilon):
    """Keras Lamb as an optax transformation."""

    def init_fn(params):
        return {"momentum": [jnp.zeros_like(p) for p in params],
                "velocity": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        new_state = {"momentum": [], "velocity": []}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            step = (iterations + 1).astype(dtype)
            beta_1_power = jnp.power(jnp.asarray(beta_1, dtype), step)
            beta_2_power = jnp.power(jnp.asarray(beta_2, dtype), step)
            m = state["momentum"][i]
            v = state["velocity"][i]
            m = m + (g - m) * (1 - beta_1)
            v = v + (jnp.square(g) - v) * (1 - beta_2)
            new_state["momentum"].append(m)
            new_state["velocity"].append(v)
            update = (m / (1.0 - beta_1_power)) / (
                jnp.sqrt(v / (1.0 - beta_2_power)) + epsilon)
            w_norm = jnp.sqrt(jnp.sum(jnp.power(p, 2)))
            g_norm = jnp.sqrt(jnp.sum(jnp.power(update, 2)))
            ratio = jnp.where(w_norm > 0, jnp.where(g_norm > 0, w_norm / g_norm, 1.0), 1.0)
            deltas.append(-(ratio * lr * update))
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Lamb(Optimizer):
    """Lamb: layer-wise adaptive Adam for large batches.

    Slots: ``momentum`` and ``velocity`` per variable (interleaved).

    >>> Lamb().get_config()["beta_1"]
    0.9
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
        self._state_variables = {"momentum": momentum, "velocity": velocity}

    def _transform(self):
        return _lamb_transform(self.beta_1, self.beta_2, self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
