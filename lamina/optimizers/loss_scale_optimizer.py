"""``LossScaleOptimizer``: dynamic loss scaling around another optimizer (Keras 3).

Small float16 gradients underflow to zero. The trainer therefore differentiates
``scale_loss(loss)`` (the loss times a large *dynamic scale*), and this wrapper divides
the gradients by the same scale before handing them to its ``inner_optimizer``. The
scale adapts as training goes:

- when a gradient holds an ``inf`` or ``nan``, the step is skipped (the weights and the
  inner optimizer's state stay as they were) and the scale is halved;
- after ``dynamic_growth_steps`` finite steps in a row, the scale is doubled.

Its variables follow Keras 3 (so saved optimizer state maps between the two): its own
``iteration`` and ``learning_rate`` (both unused, as in Keras), ``step_counter`` (the
finite steps since the scale last changed), ``dynamic_scale``, then the inner
optimizer's variables. ``learning_rate`` and ``iterations`` are the inner optimizer's.

The step is a pure function of values, so the same code serves the eager
:meth:`~lamina.optimizers.optimizer.Optimizer.apply` and the trainer's jitted
``stateless_apply``: under a trace the "skip or update" choice is a ``lax.cond``; with
concrete gradients the branch is picked directly (no compilation per eager step).

>>> import jax.numpy as jnp
>>> from lamina.core.variable import Variable
>>> from lamina.optimizers.sgd import SGD
>>> w = Variable(jnp.array([1.0]), name="w")
>>> opt = LossScaleOptimizer(SGD(learning_rate=0.5), initial_scale=8.0)
>>> opt.apply([jnp.array([jnp.inf])], [w])  # skipped, scale halved
>>> float(w.numpy()[0]), float(opt.dynamic_scale.numpy())
(1.0, 4.0)
>>> opt.apply([jnp.array([4.0])], [w])  # unscaled gradient 4 / 4 = 1
>>> float(w.numpy()[0]), int(opt.iterations.numpy())
(0.5, 1)
"""

import math
import numbers

import jax
import jax.numpy as jnp

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.convert import convert_to_tensor
from lamina.optimizers.optimizer import Optimizer

# Base-optimizer arguments older Keras configs of this class still carry; only their
# default values are accepted (they belong on the inner optimizer).
_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


def _all_finite(grads):
    """One boolean: whether every entry of every (non-None) gradient is finite."""
    checks = [jnp.all(jnp.isfinite(g)) for g in grads if g is not None]
    return jnp.all(jnp.stack(checks)) if checks else jnp.asarray(True)


def _cast_like(values, variables):
    """``values`` in the dtypes of ``variables`` (both ``lax.cond`` branches must agree)."""
    return [convert_to_tensor(x, dtype=v.dtype) for x, v in zip(values, variables)]


@register_builtin
class LossScaleOptimizer(Optimizer):
    """Wrap ``inner_optimizer`` with dynamic loss scaling (for float16 training).

    Use ``scale_loss(loss)`` as the quantity to differentiate (``fit`` does this); the
    gradients given to ``apply`` are divided by the scale, checked, and passed on.

    Args:
        inner_optimizer: the :class:`~lamina.optimizers.Optimizer` doing the update.
            Its own ``loss_scale_factor`` is switched off (gradients would otherwise be
            unscaled twice).
        initial_scale: the starting loss scale (a positive float). Large is better: a
            scale that is too high falls fast (halved per overflowing step), one that is
            too low only grows every ``dynamic_growth_steps`` steps.
        dynamic_growth_steps: the scale doubles after this many finite steps in a row
            (an integer >= 1).
        name: the prefix of this optimizer's variable paths.

    >>> from lamina.optimizers.adam import Adam
    >>> opt = LossScaleOptimizer(Adam(learning_rate=0.01), dynamic_growth_steps=100)
    >>> config = opt.get_config()
    >>> config["inner_optimizer"]["class_name"], config["dynamic_growth_steps"]
    ('Adam', 100)
    >>> float(opt.scale_loss(2.0))  # before building: the initial scale (2 ** 15)
    65536.0
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer: `dynamic=False` is not supported. For a fixed loss "
                "scale, set `loss_scale_factor` on the inner optimizer instead."
            )
        for arg, default in _BASE_DEFAULTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{arg}`: set `{arg}` on the "
                    "`inner_optimizer` instead."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer: argument(s) not recognized: {sorted(kwargs)}. "
                "Expected inner_optimizer, initial_scale, dynamic_growth_steps, name."
            )
        _validate(inner_optimizer, initial_scale, dynamic_growth_steps)
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.step_counter = None  # Variables, created by build()
        self.dynamic_scale = None
        inner_optimizer.loss_scale_factor = None

    # -- variables -----------------------------------------------------------------------
    def _build_state(self, var_list):
        self.step_counter = self.add_variable((), "zeros", dtype="int32", name="step_counter")
        self.dynamic_scale = self.add_variable((), float(self.initial_scale), dtype="float32",
                                               name="dynamic_scale")
        self.inner_optimizer.build(var_list)

    @property
    def variables(self):
        """Own Variables (iteration, learning_rate, step_counter, dynamic_scale), then the
        inner optimizer's."""
        return self._variables + self.inner_optimizer.variables

    def _transform(self):
        raise TypeError(
            "LossScaleOptimizer cannot be expressed as one optax transformation (it skips "
            "steps with non-finite gradients and rescales the loss); use it through "
            "apply / stateless_apply / fit, or take `inner_optimizer.transformation`."
        )

    # -- saving (Keras layout: own variables here, the inner optimizer's in its group) --
    def save_own_variables(self, store):
        """Write iteration, learning_rate, step_counter and dynamic_scale; the inner
        optimizer's variables are saved in its own ``inner_optimizer`` group."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self._variables):
            raise ValueError(
                f"LossScaleOptimizer '{self.name}': the saved state holds "
                f"{len(store.keys())} variables, expected {len(self._variables)} (iteration, "
                "learning_rate, step_counter, dynamic_scale). Build the optimizer before "
                "loading, with the same inner optimizer."
            )
        for i, variable in enumerate(self._variables):
            variable.assign(store[str(i)])

    # -- the update ----------------------------------------------------------------------
    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        """One pure step: ``(new_trainable_values, new_optimizer_values)``.

        ``optimizer_variables`` are the values of :attr:`variables` (own, then inner).
        With finite gradients the inner optimizer updates with ``grads / dynamic_scale``
        and the step counter advances (doubling the scale every
        ``dynamic_growth_steps``); otherwise nothing but the scale (halved) and the
        counter (reset) changes.
        """
        self._check_stateless_arguments(optimizer_variables, grads, trainable_variables)
        grads = list(grads)
        count = len(self._variables)
        own = _cast_like(optimizer_variables[:count], self._variables)
        inner = _cast_like(optimizer_variables[count:], self.inner_optimizer.variables)
        params = _cast_like(trainable_variables, self._trainable_variables)
        positions = {id(v): i for i, v in enumerate(self._variables)}  # not ==: ops
        counter_at, scale_at = positions[id(self.step_counter)], positions[id(self.dynamic_scale)]

        def with_scale(values, counter, scale):
            values = list(values)
            values[counter_at], values[scale_at] = counter, scale
            return _cast_like(values, self._variables)

        def update(operands):
            grads, params, own, inner = operands
            scale, counter = own[scale_at], own[counter_at]
            unscaled = [
                g if g is None or self._overwrite_variable_with_gradient(v) else g / scale
                for g, v in zip(grads, self._trainable_variables)
            ]
            new_params, new_inner = self.inner_optimizer.stateless_apply(
                inner, unscaled, params)
            grow = counter == self.dynamic_growth_steps - 1
            own = with_scale(own, jnp.where(grow, 0, counter + 1),
                             jnp.where(grow, scale * 2.0, scale))
            return (_cast_like(new_params, self._trainable_variables),
                    own + _cast_like(new_inner, self.inner_optimizer.variables))

        def skip(operands):
            _, params, own, inner = operands
            return params, with_scale(own, 0, own[scale_at] * 0.5) + inner

        finite = _all_finite(grads)
        operands = (grads, params, own, inner)
        if isinstance(finite, jax.core.Tracer):
            return jax.lax.cond(finite, update, skip, operands)
        return update(operands) if bool(finite) else skip(operands)

    def scale_loss(self, loss):
        """``loss`` times the current dynamic scale (the initial scale before building).

        The scale is read through the Variable, so inside a
        :class:`~lamina.core.scopes.StatelessScope` (the trainer's jitted step) it is the
        value bound there.
        """
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return jnp.multiply(loss, scale)

    # -- delegated to the inner optimizer ----------------------------------------------
    @property
    def learning_rate(self):
        """The inner optimizer's learning rate (settable, like it)."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        """The inner optimizer's update count (skipped steps are not counted)."""
        return self.inner_optimizer.iterations

    def finalize_variable_values(self, var_list):
        """The inner optimizer's (its moving averages, with ``use_ema``)."""
        self.inner_optimizer.finalize_variable_values(var_list)

    # -- config ----------------------------------------------------------------------------
    def get_config(self):
        """``name``, the serialized ``inner_optimizer``, ``initial_scale`` and
        ``dynamic_growth_steps`` (the base arguments do not apply to this wrapper)."""
        return {
            "name": self.name,
            "inner_optimizer": serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild from :meth:`get_config` output (a Keras-written config loads too)."""
        config = dict(config)
        inner = config.pop("inner_optimizer", None)
        if isinstance(inner, (dict, str)):
            inner = deserialize_keras_object(inner, custom_objects=custom_objects,
                                             kind="optimizer")
        return cls(inner, **config)


def _validate(inner_optimizer, initial_scale, dynamic_growth_steps):
    if not isinstance(inner_optimizer, Optimizer):
        raise ValueError(
            "LossScaleOptimizer: argument `inner_optimizer` must be a lamina optimizer "
            "instance (e.g. lamina.optimizers.Adam()). Received: "
            f"inner_optimizer={inner_optimizer!r} of type {type(inner_optimizer).__name__}."
        )
    if (isinstance(initial_scale, bool) or not isinstance(initial_scale, numbers.Real)
            or not math.isfinite(initial_scale) or initial_scale <= 0):
        raise ValueError(
            "LossScaleOptimizer: argument `initial_scale` must be a positive, finite "
            f"float. Received: initial_scale={initial_scale!r}"
        )
    if (isinstance(dynamic_growth_steps, bool)
            or not isinstance(dynamic_growth_steps, numbers.Integral)
            or dynamic_growth_steps < 1):
        raise ValueError(
            "LossScaleOptimizer: argument `dynamic_growth_steps` must be an integer >= 1. "
            f"Received: dynamic_growth_steps={dynamic_growth_steps!r}"
        )
