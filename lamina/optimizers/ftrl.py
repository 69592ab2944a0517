"""``Ftrl``: Follow The Regularized Leader (McMahan et al., 2013), Keras 3 formulation.

FTRL sets each variable from its ``linear`` and ``accumulator`` slots instead of adding
a step, and the learning rate enters non-linearly; optax has no FTRL, so the Keras
formula is written here as an optax transformation whose update is
``new_value - value`` (extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> Ftrl(learning_rate=0.1, l1_regularization_strength=10.0).apply([jnp.array([1.0])], [w])
>>> float(w.numpy()[0])
0.0
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _ftrl_transform(learning_rate_power, initial_accumulator_value, l1, l2, l2_shrinkage,
                    beta):
    """Keras FTRL-proximal as an optax transformation."""

    def init_fn(params):
        return {"accumulator": [jnp.full_like(p, initial_accumulator_value) for p in params],
                "linear": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        new_state = {"accumulator": [], "linear": []}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            lr = learning_rate.astype(p.dtype)
            g = g.astype(p.dtype)
            accum = state["accumulator"][i]
            l2_reg = l2 + beta / (2.0 * lr)
            grad_to_use = g + (2 * l2_shrinkage) * p
            new_accum = accum + jnp.square(g)
            linear = state["linear"][i] + (grad_to_use - (
                (jnp.power(new_accum, -learning_rate_power)
                 - jnp.power(accum, -learning_rate_power)) / lr) * p)
            quadratic = jnp.power(new_accum, -learning_rate_power) / lr + 2 * l2_reg
            new_value = (jnp.clip(linear, -l1, l1) - linear) / quadratic
            new_state["accumulator"].append(new_accum)
            new_state["linear"].append(linear)
            deltas.append(new_value - p)
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Ftrl(Optimizer):
    """FTRL-proximal with L1, L2 and L2-shrinkage regularization.

    Slots: ``accumulator`` (starting at ``initial_accumulator_value``) and ``linear``
    per variable (interleaved).

    >>> Ftrl().get_config()["learning_rate_power"]
    -0.5
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, l2_shrinkage_regularization_strength=0.0,
                 beta=0.0, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        checks = (("initial_accumulator_value", initial_accumulator_value, "positive or zero"),
                  ("learning_rate_power", -learning_rate_power, "negative or zero"),
                  ("l1_regularization_strength", l1_regularization_strength,
                   "positive or zero"),
                  ("l2_regularization_strength", l2_regularization_strength,
                   "positive or zero"),
                  ("l2_shrinkage_regularization_strength",
                   l2_shrinkage_regularization_strength, "positive or zero"))
        for argument, value, expected in checks:
            if value < 0.0:
                shown = -value if argument == "learning_rate_power" else value
                raise ValueError(f"Ftrl: `{argument}` needs to be {expected}. "
                                 f"Received: {argument}={shown}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def _build_state(self, var_list):
        accumulator, linear = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"],
            initializer=[self.initial_accumulator_value, "zeros"])
        self._state_variables = {"accumulator": accumulator, "linear": linear}

    def _transform(self):
        return _ftrl_transform(
            self.learning_rate_power, self.initial_accumulator_value,
            self.l1_regularization_strength, self.l2_regularization_strength,
            self.l2_shrinkage_regularization_strength, self.beta)

    def get_config(self):
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        })
        return config
