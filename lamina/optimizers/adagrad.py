"""``Adagrad``: per-coordinate rates from the sum of squared gradients (Keras 3 formula).

Keras computes ``lr * g / sqrt(accumulator + epsilon)`` with the accumulator starting at
``initial_accumulator_value``; optax's ``scale_by_rss`` uses ``rsqrt`` and zeroes the
update where the sum is 0, so the Keras formula is written here as an optax
transformation (extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> Adagrad(learning_rate=0.1, initial_accumulator_value=0.0).apply([jnp.array([2.0])], [w])
>>> round(float(w.numpy()[0]), 4)
0.9
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _adagrad_transform(initial_accumulator_value, epsilon):
    """Keras Adagrad as an optax transformation."""

    def init_fn(params):
        return {"accumulator": [jnp.full_like(p, initial_accumulator_value) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        accumulators, deltas = [], []
        for g, p, accumulator in zip(updates, params, state["accumulator"]):
            lr = learning_rate.astype(p.dtype)
            g = g.astype(p.dtype)
            accumulator = accumulator + jnp.square(g)
            accumulators.append(accumulator)
            deltas.append(-((lr * g) / jnp.sqrt(accumulator + epsilon)))
        return deltas, {"accumulator": accumulators}

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Adagrad(Optimizer):
    """Adagrad: ``acc += g^2; var -= lr * g / sqrt(acc + epsilon)``.

    Slots: one ``accumulator`` per variable, starting at ``initial_accumulator_value``.

    >>> Adagrad().get_config()["initial_accumulator_value"]
    0.1
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def _build_state(self, var_list):
        self._state_variables = {"accumulator": self.add_optimizer_variables(
            var_list, "accumulator", initializer=self.initial_accumulator_value)}

    def _transform(self):
        return _adagrad_transform(self.initial_accumulator_value, self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config
