"""``Adafactor``: factored second moments (Shazeer & Stern, 2018), Keras 3 formulation.

For a variable of rank >= 2 Keras keeps row (``r``) and column (``c``) averages of the
squared gradient instead of a full second moment, with a decay of
``1 - t^beta_2_decay``, a step scaled by ``max(epsilon_2, rms(var))`` and the learning
rate capped at ``1/sqrt(t)``. optax's ``adafactor`` differs in these details (and in
its state layout), so the Keras formula is written here as an optax transformation
(extra args ``learning_rate``, ``iterations``).

For variables of rank < 2 Keras still creates ``r`` and ``c``, as unused int32
scalars; lamina creates the same placeholders so the variable lists line up.

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> w = Variable(jnp.ones((2, 3)), name="w")
>>> opt = Adafactor(learning_rate=0.1)
>>> opt.apply([jnp.ones((2, 3))], [w])
>>> [v.shape for v in opt.variables[2:]]
[(2,), (3,), (2, 3)]
"""

import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.optimizers._base_arguments import base_arguments
from lamina.optimizers.optimizer import Optimizer


def _rms(x):
    return jnp.sqrt(jnp.mean(jnp.square(x)))


def _adafactor_transform(beta_2_decay, epsilon_1, epsilon_2, clip_threshold):
    """Keras Adafactor as an optax transformation."""

    def init_fn(params):
        def factor(p, shape):
            return jnp.zeros(shape, p.dtype) if p.ndim >= 2 else jnp.zeros((), "int32")

        return {"r": [factor(p, p.shape[:-1]) for p in params],
                "c": [factor(p, p.shape[:-2] + p.shape[-1:]) for p in params],
                "velocity": [jnp.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None, *, learning_rate, iterations, **extra):
        new_state = {"r": [], "c": [], "velocity": []}
        deltas = []
        for i, (g, p) in enumerate(zip(updates, params)):
            dtype = p.dtype
            lr = learning_rate.astype(dtype)
            g = g.astype(dtype)
            step = (iterations + 1).astype(dtype)
            rho_t = jnp.minimum(lr, 1 / jnp.sqrt(step))
            alpha_t = jnp.maximum(jnp.asarray(epsilon_2, dtype), _rms(p)) * rho_t
            squared = jnp.square(g) + epsilon_1
            beta_2_t = 1 - jnp.power(step, beta_2_decay)
            r, c, v = state["r"][i], state["c"][i], state["velocity"][i]
            if p.ndim >= 2:
                r = beta_2_t * r + (1 - beta_2_t) * jnp.mean(squared, axis=-1)
                c = beta_2_t * c + (1 - beta_2_t) * jnp.mean(squared, axis=-2)
                v = jnp.expand_dims(r / jnp.mean(r, axis=-1, keepdims=True), -1) * (
                    jnp.expand_dims(c, -2))
            else:
                v = beta_2_t * v + (1 - beta_2_t) * squared
            new_state["r"].append(r)
            new_state["c"].append(c)
            new_state["velocity"].append(v)
            u = g / jnp.sqrt(v)
            u_hat = u / jnp.maximum(jnp.asarray(1.0, dtype), _rms(u) / clip_threshold)
            deltas.append(-(alpha_t * u_hat))
        return deltas, new_state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


@register_builtin
class Adafactor(Optimizer):
    """Adafactor: memory-light adaptive rates with factored second moments.

    Slots per variable, in Keras order: ``r`` and ``c`` (named like the variable),
    then ``velocity``. ``relative_step`` is kept for Keras compatibility: Keras caps
    the rate at ``1/sqrt(t)`` in any case.

    >>> Adafactor().get_config()["clip_threshold"]
    1.0
    """

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30,
                 epsilon_2=1e-3, clip_threshold=1.0, relative_step=True, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(**base_arguments(locals()))
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def _build_state(self, var_list):
        slots = {"r": [], "c": [], "velocity": []}
        for var in var_list:
            if self._overwrite_variable_with_gradient(var):
                slots["r"].append(None)
                slots["c"].append(None)
                slots["velocity"].append(None)
                continue
            if len(var.shape) < 2:
                shapes, dtype = ((), ()), "int32"
            else:
                shapes, dtype = (var.shape[:-1], var.shape[:-2] + var.shape[-1:]), var.dtype
            for key, shape in zip(("r", "c"), shapes):
                slots[key].append(self.add_variable(shape, dtype=dtype, name=var.name))
            slots["velocity"].append(self.add_variable_from_reference(var, "velocity"))
        self._state_variables = slots

    def _transform(self):
        return _adafactor_transform(self.beta_2_decay, self.epsilon_1, self.epsilon_2,
                                    self.clip_threshold)

    def get_config(self):
        config = super().get_config()
        config.update({
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        })
        return config
