"""``RMSprop``: divide by a moving RMS of the gradients, Keras 3 formulation.

Keras computes ``lr * g / sqrt(v + epsilon)`` (epsilon inside the root, the learning
rate multiplied *before* the division, ``centered`` subtracting the squared mean
gradient inside the root) and keeps a learning-rate-scaled momentum. optax's
``rmsprop`` differs in those places (``rsqrt`` and a trace scaled afterwards), so the
Keras formula is written here as an optax transformation with the extra arguments
``learning_rate`` and ``iterations``.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([10.0]), name="w")
>>> opt = RMSprop(learning_rate=0.1)
>>> opt.apply([w.value], [w])
>>> round(float(w.numpy()[0]), 4)
9.6838
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _rmsprop_transform(rho, momentum, epsilon, centered):
    """Keras RMSprop as an optax transformation."""

    def init_fn(params):
        state = {"velocity": [jnp.zeros_like(p) for p in params]}
        if momentum > 0:
            state["momentum"] = [jnp.zeros_like(p) for p in params]
        if centered:
            state["average_gradient"] = [jnp.zeros_like(p) for p in params]
        return state

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        new_state = {key: [] for key in state}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            lr = learning_rate.astype(p.dtype)
            g = g.astype(p.dtype)
            velocity = rho * state["velocity"][i] + (1 - rho) * jnp.square(g)
            new_state["velocity"].append(velocity)
            if centered:
                average = rho * state["average_gradient"][i] + (1 - rho) * g
                new_state["average_gradient"].append(average)
                denominator = velocity - jnp.square(average) + epsilon
            else:
                denominator = velocity + epsilon
            increment = (lr * g) / jnp.sqrt(denominator)
            if momentum > 0:
                increment = momentum * state["momentum"][i] + increment
                new_state["momentum"].append(increment)
            deltas.append(-increment)
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class RMSprop(Optimizer):
    """RMSprop: ``v = rho * v + (1 - rho) * g^2; var -= lr * g / sqrt(v + epsilon)``.

    Slots, in Keras order: ``velocity`` per variable, then ``momentum`` per variable
    (if ``momentum > 0``), then ``average_gradient`` per variable (if ``centered``).

    >>> RMSprop(centered=True).get_config()["rho"]
    0.9
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def _build_state(self, var_list):
        self._state_variables = {
            "velocity": self.add_optimizer_variables(var_list, "velocity")}
        if self.momentum > 0:
            self._state_variables["momentum"] = self.add_optimizer_variables(
                var_list, "momentum")
        if self.centered:
            self._state_variables["average_gradient"] = self.add_optimizer_variables(
                var_list, "average_gradient")

    def _transform(self):
        return _rmsprop_transform(self.rho, self.momentum, self.epsilon, self.centered)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum,
                       "epsilon": self.epsilon, "centered": self.centered})
        return config
