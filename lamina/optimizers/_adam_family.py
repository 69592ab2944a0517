"""What Adam, Adamax, Lamb and Nadam share: hyper-parameters, slots and moment maths.

:class:`AdamFamily` holds Keras 3's ``beta_1``, ``beta_2`` and ``epsilon`` (constructor,
config) and creates the slots named in ``_slot_names``, interleaved per variable as
Keras creates them. :func:`moving_average` and :func:`power` are the pieces of Keras'
formulas that the four update steps repeat; each is written exactly as Keras orders
the operations, so the updates stay bit-identical to Keras on the same dtype.
"""

import jax.numpy as jnp

from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def moving_average(average, value, beta):
    """Keras' moment update ``average + (value - average) * (1 - beta)``.

    ``beta`` is used as given (a Python float or an array), as each optimizer's Keras
    formula does: ``1 - beta`` is then computed in Python or in the array's dtype.

    >>> float(moving_average(jnp.array(1.0), jnp.array(3.0), 0.5))
    2.0
    """
    return average + (value - average) * (1 - beta)


def power(base, exponent):
    """``base ** exponent`` with ``base`` cast to the dtype of ``exponent`` (an array).

    >>> float(power(0.5, jnp.array(2.0)))
    0.25
    """
    return jnp.power(jnp.asarray(base, exponent.dtype), exponent)


class AdamFamily(Optimizer):
    """Base of the optimizers configured by ``beta_1``, ``beta_2`` and ``epsilon``.

    A subclass names its per-variable slots in ``_slot_names`` (created interleaved,
    in that order) and builds its optax transformation in ``_transform()``.
    """

    _slot_names = ("momentum", "velocity")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def _build_state(self, var_list):
        slots = self.add_optimizer_variables(var_list, list(self._slot_names))
        self._state_variables = dict(zip(self._slot_names, slots))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config
