"""``ScheduleFreeAdamW``: AdamW without a learning-rate schedule (Defazio et al., 2024).

Schedule-Free learning replaces the decay of a schedule by averaging. Three sequences
are involved; two are stored:

- ``z`` (the ``momentum`` slot, started at the variable's initial value) takes plain
  Adam-normalized gradient steps: ``z -= lr * g / (sqrt(v / (1 - beta_2^t)) + epsilon)``
  with ``v`` (the ``velocity`` slot) Adam's second moment;
- ``x`` is the running uniform average of ``z``: ``x_t = (1 - 1/t) x_{t-1} + z_t / t``.
  It is not stored: it is recovered from ``y`` and the previous ``z`` as
  ``x = (y - (1 - beta_1) z) / beta_1``;
- ``y`` (the model's variable itself) is the interpolation
  ``y = (1 - beta_1) z + beta_1 x``, the point where gradients are taken.

With ``warmup_steps`` the learning rate ramps linearly, ``lr * min(t / warmup_steps, 1)``.
Decoupled ``weight_decay`` (base argument) shrinks ``y`` before the step, as every Keras
optimizer does.

Evaluation weights: as in Keras 3, the model keeps ``y`` after every step and
``evaluate`` / ``predict`` / saving use ``y``; there is no swap to the averaged ``x``
(the reference PyTorch code's ``optimizer.eval()``), so the numbers match Keras.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.array([1.0, 2.0]), name="w")
>>> opt = ScheduleFreeAdamW(learning_rate=0.1)
>>> opt.apply([jnp.array([1.0, -1.0])], [w])
>>> [round(x, 4) for x in w.numpy().tolist()]  # step 1: y = z = w - lr * g / abs(g)
[0.9, 2.1]
"""

import numbers

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._adam_family import moving_average, power
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers._slot_transform import update_slots
from lamina.optimizers.optimizer import Optimizer

_SLOTS = ("momentum", "velocity")


def _schedule_free_transform(beta_1, beta_2, epsilon, warmup_steps):
    """Keras Schedule-Free AdamW as an optax transformation (``z`` starts at params)."""

    def step(g, y, lr, count, z, v):
        dtype = y.dtype
        t = count.astype(dtype)
        b1, b2 = jnp.asarray(beta_1, dtype), jnp.asarray(beta_2, dtype)
        if warmup_steps > 0:
            lr = lr * jnp.minimum(t / jnp.asarray(warmup_steps, dtype), 1.0)
        v = moving_average(v, jnp.square(g), b2)
        denom = jnp.sqrt(v / (1 - power(b2, t))) + jnp.asarray(epsilon, dtype)
        new_z = z - (lr * g) / denom
        weight = 1.0 / t
        x = (y - (1 - b1) * z) / b1
        x = (1 - weight) * x + weight * new_z
        new_y = (1 - b1) * new_z + b1 * x
        return new_y - y, (new_z, v)

    def init_fn(params):
        return {"momentum": [jnp.array(p) for p in params],
                "velocity": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        return update_slots(step, _SLOTS, updates, state, params, learning_rate, iterations)

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class ScheduleFreeAdamW(Optimizer):
    """Schedule-Free AdamW (see the module docstring for the three sequences).

    Args:
        learning_rate: the (constant) learning rate; defaults to ``0.0025``.
        beta_1: interpolation between ``z`` and ``x`` (in ``(0, 1]``).
        beta_2: decay rate of the second-moment estimate.
        epsilon: added to the denominator.
        warmup_steps: linear learning-rate warmup length (an integer >= 0).

    The base arguments (weight decay, clipping, EMA, accumulation, ...) are those of
    :class:`~lamina.optimizers.Optimizer`. Slots, in Keras order: ``momentum`` (``z``,
    starting at the variable's value) and ``velocity`` per variable, interleaved.

    >>> ScheduleFreeAdamW(warmup_steps=100).get_config()["warmup_steps"]
    100
    """

    def __init__(self, learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 warmup_steps=0, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        _validate(beta_1, warmup_steps)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def _build_state(self, var_list):
        momenta, velocities = self.add_optimizer_variables(var_list, list(_SLOTS))
        for momentum, variable in zip(momenta, var_list):
            if momentum is not None:
                momentum.assign(variable.value)
        self._state_variables = {"momentum": momenta, "velocity": velocities}

    def _transform(self):
        return _schedule_free_transform(self.beta_1, self.beta_2, self.epsilon,
                                        self.warmup_steps)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon, "warmup_steps": self.warmup_steps})
        return config


def _validate(beta_1, warmup_steps):
    if (isinstance(beta_1, bool) or not isinstance(beta_1, numbers.Real)
            or not 0 < beta_1 <= 1):
        raise ValueError(
            "ScheduleFreeAdamW: argument `beta_1` must be a float in (0, 1] (the average "
            "x is recovered by dividing by beta_1). Received: "
            f"beta_1={beta_1!r}"
        )
    if (isinstance(warmup_steps, bool) or not isinstance(warmup_steps, numbers.Integral)
            or warmup_steps < 0):
        raise ValueError(
            "ScheduleFreeAdamW: argument `warmup_steps` must be an integer >= 0 (0 turns "
            f"warmup off). Received: warmup_steps={warmup_steps!r}"
        )
