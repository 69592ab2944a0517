"""``Lion``: sign of an interpolated momentum (Chen et al., 2023), Keras 3 formulation.

optax's ``scale_by_lion`` computes the same update but keeps an extra step counter in
its state, which Keras does not have; to keep the optimizer variables identical to
Keras (one ``momentum`` per variable), the update is written here as an optax
transformation (extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> Lion(learning_rate=0.1).apply([jnp.array([5.0])], [w])
>>> round(float(w.numpy()[0]), 4)
0.9
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _lion_transform(beta_1, beta_2):
    """Keras Lion as an optax transformation."""

    def init_fn(params):
        return {"momentum": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        momenta, deltas = [], []
        for g, p, m in zip(updates, params, state["momentum"]):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            b1 = jnp.asarray(beta_1, dtype)
            b2 = jnp.asarray(beta_2, dtype)
            deltas.append(-(lr * jnp.sign(m * b1 + g * (1.0 - b1))))
            momenta.append(m * b2 + g * (1.0 - b2))
        return deltas, {"momentum": momenta}

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Lion(Optimizer):
    """Lion: ``var -= lr * sign(beta_1 * m + (1 - beta_1) * g)``, then update ``m``.

    Slots: one ``momentum`` per variable.

    >>> Lion().get_config()["beta_2"]
    0.99
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99,
                 weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Lion: argument `beta_1` must be in the (0, 1] range. Otherwise, the "
                f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def _build_state(self, var_list):
        self._state_variables = {"momentum": self.add_optimizer_variables(var_list, "momentum")}

    def _transform(self):
        return _lion_transform(self.beta_1, self.beta_2)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
