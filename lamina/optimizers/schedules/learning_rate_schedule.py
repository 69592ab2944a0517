"""Learning-rate schedules: callables of the optimizer's iteration count.

Each schedule is a pure ``jax.numpy`` function of ``step`` (a Python int or an int
array, possibly traced), so an optimizer evaluates it inside a jitted train step. The
formulas and their operation order follow Keras 3, so the rates agree with Keras to the
last bit on the same dtype.

>>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
>>> round(float(schedule(10)), 6)
0.05
"""

import math

import jax.numpy as jnp

from lamina import config
from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    register_builtin,
    serialize_keras_object,
)
from lamina.core.convert import convert_to_tensor


def _initial_rate(schedule):
    """``initial_learning_rate`` as a float array, and its dtype (the schedule's dtype).

    A float keeps its dtype, as in Keras; an int becomes floatx.
    """
    initial = convert_to_tensor(schedule.initial_learning_rate)
    if not jnp.issubdtype(initial.dtype, jnp.floating):
        initial = initial.astype(config.floatx())
    return initial, initial.dtype


def _check_positive(schedule, argument, value):
    if value <= 0:
        raise ValueError(
            f"{type(schedule).__name__}: argument `{argument}` must be > 0. "
            f"Received: {argument}={value}."
        )


@register_builtin
class LearningRateSchedule:
    """Base class of learning-rate schedules: override ``__call__(step)`` and ``get_config``.

    An instance passed as an optimizer's ``learning_rate`` is called with the
    optimizer's iteration count before each update.

    >>> class Halving(LearningRateSchedule):
    ...     def __call__(self, step):
    ...         return 1.0 / (step + 1)
    ...     def get_config(self):
    ...         return {}
    >>> float(Halving()(1))
    0.5
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        """Rebuild a schedule from :meth:`get_config` output."""
        return cls(**config)


class _BuiltinSchedule(LearningRateSchedule):
    """A built-in schedule whose config is its attributes named in ``_config_names``."""

    _config_names = ()

    def get_config(self):
        return {name: getattr(self, name) for name in self._config_names}


class _StepDecay(_BuiltinSchedule):
    """``decay_rate`` applied over ``step / decay_steps`` (floored with ``staircase``).

    The shared part of :class:`ExponentialDecay` and :class:`InverseTimeDecay`.
    """

    _config_names = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase",
                     "name")

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase, name):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_positive(self, "decay_steps", decay_steps)

    def _progress(self, step):
        """``(initial, decay_rate, p)``: the rates as arrays of one dtype, ``p`` the steps."""
        initial, dtype = _initial_rate(self)
        p = jnp.asarray(step).astype(dtype) / jnp.asarray(self.decay_steps, dtype)
        if self.staircase:
            p = jnp.floor(p)
        return initial, jnp.asarray(self.decay_rate, dtype), p


@register_builtin
class ExponentialDecay(_StepDecay):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``.

    With ``staircase=True`` the exponent is floored.

    >>> schedule = ExponentialDecay(1.0, decay_steps=2, decay_rate=0.5, staircase=True)
    >>> [float(schedule(s)) for s in (0, 1, 2, 3)]
    [1.0, 1.0, 0.5, 0.5]
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        initial, decay_rate, p = self._progress(step)
        return initial * jnp.power(decay_rate, p)


@register_builtin
class PiecewiseConstantDecay(_BuiltinSchedule):
    """``values[i]`` while ``boundaries[i-1] < step <= boundaries[i]``.

    >>> schedule = PiecewiseConstantDecay(boundaries=[2, 4], values=[1.0, 0.5, 0.1])
    >>> [round(float(schedule(s)), 2) for s in (0, 2, 3, 5)]
    [1.0, 1.0, 0.5, 0.1]
    """

    _config_names = ("boundaries", "values", "name")

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay: the length of `boundaries` must be one less than "
                f"the length of `values`. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = convert_to_tensor(step)
        boundaries = [convert_to_tensor(b).astype(step.dtype) for b in self.boundaries]
        values = [convert_to_tensor(v) for v in self.values]
        dtype = values[0].dtype
        result = jnp.zeros((), dtype)
        result += (step <= boundaries[0]).astype(dtype) * values[0]
        result += (step > boundaries[-1]).astype(dtype) * values[-1]
        for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            result += ((step > low) & (step <= high)).astype(dtype) * value
        return result


@register_builtin
class PolynomialDecay(_BuiltinSchedule):
    """Decay from ``initial_learning_rate`` to ``end_learning_rate`` in ``decay_steps``.

    ``(initial - end) * (1 - step / decay_steps) ** power + end``, with ``step`` capped
    at ``decay_steps`` (or ``decay_steps`` stretched to the next multiple if ``cycle``).
    Unlike Keras 3, ``1 - step / decay_steps`` is clamped at 0, so a jitted step at the
    end of the decay gives ``end_learning_rate`` instead of NaN.

    >>> schedule = PolynomialDecay(1.0, decay_steps=4, end_learning_rate=0.0)
    >>> [float(schedule(s)) for s in (0, 2, 8)]
    [1.0, 0.5, 0.0]
    """

    _config_names = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power",
                     "cycle", "name")

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001,
                 power=1.0, cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_positive(self, "decay_steps", decay_steps)

    def __call__(self, step):
        initial, dtype = _initial_rate(self)
        end = jnp.asarray(self.end_learning_rate, dtype)
        power = jnp.asarray(self.power, dtype)
        step = jnp.asarray(step).astype(dtype)
        decay_steps = jnp.asarray(self.decay_steps, dtype)
        if self.cycle:
            multiplier = jnp.where(step == 0, 1.0, jnp.ceil(step / self.decay_steps))
            decay_steps = decay_steps * multiplier.astype(dtype)
        else:
            step = jnp.minimum(step, decay_steps)
        p = step / decay_steps
        # Under jit XLA may divide by multiplying with the reciprocal, leaving 1 - p a
        # hair below 0 at the last step (NaN for a fractional power, also in Keras 3).
        return (initial - end) * jnp.power(jnp.maximum(1 - p, 0), power) + end


@register_builtin
class InverseTimeDecay(_StepDecay):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``.

    >>> schedule = InverseTimeDecay(1.0, decay_steps=1, decay_rate=1.0)
    >>> [float(schedule(s)) for s in (0, 1, 3)]
    [1.0, 0.5, 0.25]
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        initial, decay_rate, p = self._progress(step)
        return initial / (jnp.asarray(1, decay_rate.dtype) + decay_rate * p)


@register_builtin
class CosineDecay(_BuiltinSchedule):
    """Cosine decay to ``alpha * initial``, after an optional linear warmup.

    Without ``warmup_target`` the rate decays from ``initial_learning_rate``; with it,
    the rate first rises linearly to ``warmup_target`` over ``warmup_steps``, then
    decays from there over ``decay_steps``.

    >>> schedule = CosineDecay(1.0, decay_steps=2)
    >>> [round(float(schedule(s)), 4) for s in (0, 1, 2, 5)]
    [1.0, 0.5, 0.0, 0.0]
    """

    _config_names = ("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target",
                     "warmup_steps")

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_positive(self, "decay_steps", decay_steps)

    def _decay(self, step, decay_steps, decay_from, dtype):
        fraction = step / decay_steps
        cosine = 0.5 * (1.0 + jnp.cos(jnp.asarray(math.pi, dtype) * fraction))
        return decay_from * ((1 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        initial, dtype = _initial_rate(self)
        decay_steps = jnp.asarray(self.decay_steps, dtype)
        step = jnp.asarray(step).astype(dtype)
        if self.warmup_target is None:
            step = jnp.minimum(step, decay_steps)
            return self._decay(step, decay_steps, initial, dtype)
        target = jnp.asarray(self.warmup_target, dtype)
        warmup_steps = jnp.asarray(self.warmup_steps, dtype)
        step = jnp.minimum(step, decay_steps + warmup_steps)
        warmup = (target - initial) * (step / warmup_steps) + initial
        decay = self._decay(step - warmup_steps, decay_steps, target, dtype)
        return jnp.where(step < warmup_steps, warmup, decay)


@register_builtin
class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR).

    Each period is ``t_mul`` times longer than the previous one and starts from
    ``m_mul`` times the previous peak.

    >>> schedule = CosineDecayRestarts(1.0, first_decay_steps=2, t_mul=1.0)
    >>> [round(float(schedule(s)), 4) for s in (0, 1, 2, 3)]
    [1.0, 0.5, 1.0, 0.5]
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_positive(self, "first_decay_steps", first_decay_steps)

    def __call__(self, step):
        initial, dtype = _initial_rate(self)
        first_decay_steps = jnp.asarray(self.first_decay_steps, dtype)
        alpha = jnp.asarray(self.alpha, dtype)
        t_mul = jnp.asarray(self._t_mul, dtype)
        m_mul = jnp.asarray(self._m_mul, dtype)
        fraction = jnp.asarray(step).astype(dtype) / first_decay_steps
        if self._t_mul == 1.0:
            restart = jnp.floor(fraction)
            fraction = fraction - restart
        else:
            restart = jnp.floor(jnp.log(1.0 - fraction * (1.0 - t_mul)) / jnp.log(t_mul))
            done = (1.0 - jnp.power(t_mul, restart)) / (1.0 - t_mul)
            fraction = (fraction - done) / jnp.power(t_mul, restart)
        cosine = 0.5 * jnp.power(m_mul, restart) * (
            1.0 + jnp.cos(jnp.asarray(math.pi, dtype) * fraction)
        )
        return initial * ((1 - alpha) * cosine + alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


def serialize(learning_rate_schedule):
    """The Keras 3 config dict of a schedule.

    >>> serialize(InverseTimeDecay(0.1, 10, 0.5))["class_name"]
    'InverseTimeDecay'
    """
    return serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """Rebuild a schedule from :func:`serialize` output (registered classes only).

    >>> deserialize(serialize(ExponentialDecay(0.1, 10, 0.5))).decay_rate
    0.5
    """
    schedule = deserialize_keras_object(config, custom_objects=custom_objects,
                                        kind="learning rate schedule")
    if not callable(schedule):
        raise SerializationError(
            f"deserialize: the config names {type(schedule).__name__}, which is not a "
            "learning rate schedule (a LearningRateSchedule or callable)."
        )
    return schedule
