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

from lamina._registry import register_builtin
from lamina.optimizers._adam_family import AdamFamily, moving_average, power
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers._slot_transform import slot_transform


def _adam_transform(beta_1, beta_2, epsilon, amsgrad):
    """Keras Adam (optionally AMSGrad) as an optax transformation."""

    def step(g, p, lr, count, m, v, v_hat=None):
        t = count.astype(p.dtype)
        alpha = lr * jnp.sqrt(1 - power(beta_2, t)) / (1 - power(beta_1, t))
        m = moving_average(m, g, beta_1)
        v = moving_average(v, jnp.square(g), beta_2)
        slots = (m, v)
        if amsgrad:
            v = jnp.maximum(v_hat, v)
            slots += (v,)
        return -((m * alpha) / (jnp.sqrt(v) + epsilon)), slots

    slot_names = ("momentum", "velocity") + (("velocity_hat",) if amsgrad else ())
    return slot_transform(slot_names, step)


@register_builtin
class Adam(AdamFamily):
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
        super().__init__(**base_arguments(locals(), AdamFamily.__init__))
        self.amsgrad = amsgrad

    def _build_state(self, var_list):
        super()._build_state(var_list)
        if self.amsgrad:
            self._state_variables["velocity_hat"] = self.add_optimizer_variables(
                var_list, "velocity_hat")

    def _transform(self):
        return _adam_transform(self.beta_1, self.beta_2, self.epsilon, self.amsgrad)

    def get_config(self):
        config = super().get_config()
        config["amsgrad"] = self.amsgrad
        return config
