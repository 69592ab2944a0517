"""``Adam``: adaptive moment estimation, Keras 3 formulation.

Keras folds the bias corrections into the step size,
``alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)``, and divides by
``sqrt(v) + epsilon`` with the *uncorrected* ``v``; optax's ``scale_by_adam`` divides
the corrected moments, ``m_hat / (sqrt(v_hat) + eps)``, so its epsilon has a different
effective size. The Keras formula is written here as an optax transformation that
receives ``learning_rate`` and ``iterations`` as extra arguments.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> opt = Adam(learning_rate=0.1)
>>> opt.apply([jnp.array([2.0])], [w])
>>> round(float(w.numpy()[0]), 4)
0.9
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers.optimizer import Optimizer


def _adam_transform(beta_1, beta_2, epsilon, amsgrad):
    """Keras Adam (optionally AMSGrad) as an optax transformation."""

    def init_fn(params):
        state = {"momentum": [jnp.zeros_like(p) for p in params],
                 "velocity": [jnp.zeros_like(p) for p in params]}
        if amsgrad:
            state["velocity_hat"] = [jnp.zeros_like(p) for p in params]
        return state

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        new_state = {key: [] for key in state}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            step = (iterations + 1).astype(dtype)
            beta_1_power = jnp.power(jnp.asarray(beta_1, dtype), step)
            beta_2_power = jnp.power(jnp.asarray(beta_2, dtype), step)
            alpha = lr * jnp.sqrt(1 - beta_2_power) / (1 - beta_1_power)
            m = state["momentum"][i]
            v = state["velocity"][i]
            m = m + (g - m) * (1 - beta_1)
            v = v + (jnp.square(g) - v) * (1 - beta_2)
            new_state["momentum"].append(m)
            new_state["velocity"].append(v)
            if amsgrad:
                v = jnp.maximum(state["velocity_hat"][i], v)
                new_state["velocity_hat"].append(v)
            deltas.append(-((m * alpha) / (jnp.sqrt(v) + epsilon)))
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Adam(Optimizer):
    """Adam: ``var -= alpha_t * m / (sqrt(v) + epsilon)`` with Keras' bias correction.

    Slots, in Keras order: ``momentum`` and ``velocity`` per variable (interleaved),
    then ``velocity_hat`` per variable with ``amsgrad=True``.

    >>> Adam(amsgrad=True).get_config()["amsgrad"]
    True
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
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
        self.amsgrad = amsgrad

    def _build_state(self, var_list):
        momentum, velocity = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        self._state_variables = {"momentum": momentum, "velocity": velocity}
        if self.amsgrad:
            self._state_variables["velocity_hat"] = self.add_optimizer_variables(
                var_list, "velocity_hat")

    def _transform(self):
        return _adam_transform(self.beta_1, self.beta_2, self.epsilon, self.amsgrad)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config
