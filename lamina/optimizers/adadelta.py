"""``Adadelta``: step sizes from running averages of gradients and updates (Keras 3).

Keras multiplies the Adadelta step by the learning rate (``var += lr * delta``) and
puts epsilon inside both roots; optax's ``adadelta`` matches the idea but not the
operation order, so the Keras formula is written here as an optax transformation
(extra args ``learning_rate``, ``iterations``).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> Adadelta(learning_rate=1.0).apply([jnp.array([1.0])], [w])
>>> float(w.numpy()[0]) < 1.0
True
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _adadelta_transform(rho, epsilon):
    """Keras Adadelta as an optax transformation."""

    def init_fn(params):
        return {"accumulated_grad": [jnp.zeros_like(p) for p in params],
                "accumulated_delta_var": [jnp.zeros_like(p) for p in params]}

    def rms(x):
        return jnp.sqrt(x + epsilon)

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        new_state = {"accumulated_grad": [], "accumulated_delta_var": []}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            lr = learning_rate.astype(p.dtype)
            g = g.astype(p.dtype)
            grad_avg = rho * state["accumulated_grad"][i] + (1 - rho) * jnp.square(g)
            delta_avg = state["accumulated_delta_var"][i]
            delta = -((rms(delta_avg) * g) / rms(grad_avg))
            delta_avg = rho * delta_avg + (1 - rho) * jnp.square(delta)
            new_state["accumulated_grad"].append(grad_avg)
            new_state["accumulated_delta_var"].append(delta_avg)
            deltas.append(lr * delta)
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Adadelta(Optimizer):
    """Adadelta: adaptive rates without a global scale (Keras still multiplies by ``lr``).

    Slots: ``accumulated_grad`` and ``accumulated_delta_var`` per variable (interleaved).

    >>> Adadelta().get_config()["rho"]
    0.95
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        self.rho = rho
        self.epsilon = epsilon

    def _build_state(self, var_list):
        grads, deltas = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])
        self._state_variables = {"accumulated_grad": grads, "accumulated_delta_var": deltas}

    def _transform(self):
        return _adadelta_transform(self.rho, self.epsilon)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
