"""``SGD``: gradient descent with optional (Nesterov) momentum, Keras 3 formulation.

Keras keeps the *learning-rate-scaled* velocity ``m = momentum * m - lr * g`` and adds it
to the variable; optax's ``sgd`` keeps an unscaled trace and multiplies by the learning
rate afterwards. The two differ as soon as the learning rate changes during training
(a schedule, or a callback), so the update is written here as an optax transformation
that receives the learning rate as an extra argument.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0]), name="w")
>>> opt = SGD(learning_rate=0.1, momentum=0.9)
>>> for _ in range(2):
...     opt.apply([jnp.array([1.0])], [w])
>>> round(float(w.numpy()[0]), 4)
0.71
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _sgd_transform(momentum, nesterov):
    """Keras SGD as an optax transformation (extra args ``learning_rate``, ``iterations``)."""

    def init_fn(params):
        return {"momentum": [jnp.zeros_like(p) for p in params]} if momentum != 0 else {}

    def update_fn(updates, state, params=None, *, learning_rate, **extra):
        deltas, new_m = [], []
        for i, (g, p) in enumerate(zip(updates, params)):
            lr = learning_rate.astype(p.dtype)
            g = g.astype(p.dtype)
            if momentum == 0:
                deltas.append(-(g * lr))
                continue
            mom = jnp.asarray(momentum, p.dtype)
            m = state["momentum"][i] * mom - g * lr
            new_m.append(m)
            deltas.append(m * mom - g * lr if nesterov else m)
        return deltas, ({"momentum": new_m} if momentum != 0 else {})

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class SGD(Optimizer):
    """Gradient descent (with momentum): ``m = momentum * m - lr * g; var += m``.

    With ``nesterov=True`` the variable moves by ``momentum * m - lr * g`` instead.
    Slots: one ``momentum`` per variable when ``momentum != 0``.

    >>> SGD(momentum=0.5, nesterov=True).get_config()["nesterov"]
    True
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not (
                0 <= momentum <= 1):
            raise ValueError(f"SGD: `momentum` must be a float between [0, 1]. "
                             f"Received: momentum={momentum!r}")
        self.momentum = momentum
        self.nesterov = nesterov

    def _build_state(self, var_list):
        if self.momentum != 0:
            self._state_variables = {
                "momentum": self.add_optimizer_variables(var_list, "momentum")}

    def _transform(self):
        return _sgd_transform(self.momentum, self.nesterov)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
