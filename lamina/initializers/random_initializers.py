"""Random initializers: normal, uniform, truncated normal, and variance scaling
(Glorot, He, LeCun).

Seeds follow Keras 3: an int seed gives the same values on every call; a
``SeedGenerator`` gives new values on each call; ``seed=None`` draws an int seed once,
at construction, from the global stream (so ``lamina.utils.set_random_seed`` makes runs
reproducible). ``get_config()`` stores the seed as passed (None stays None).
Truncated normals are cut at two standard deviations, as in Keras.
"""

import math

import jax
import numpy as np

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.random import SeedGenerator, draw_key, make_default_seed
from lamina.initializers.initializer import Initializer, check_float_dtype, check_shape

# Std of a standard normal truncated to [-2, 2]; dividing by it restores the target std.
_TRUNCATED_STD = 0.87962566103423978


def _restore_seed(name, seed):
    if isinstance(seed, dict):
        if seed.get("class_name") == "SeedGenerator":
            return SeedGenerator(**seed.get("config", {}))
        seed = deserialize_keras_object(seed)
    if isinstance(seed, SeedGenerator):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return int(seed)
    raise ValueError(
        f"{name}: seed must be an int, None or a lamina.random.SeedGenerator, received "
        f"seed={seed!r} of type {type(seed).__name__}."
    )


class RandomInitializer(Initializer):
    """Base of the random initializers: holds the seed (see the module docstring).

    >>> RandomInitializer(seed=3).get_config()
    {'seed': 3}
    """

    def __init__(self, seed=None):
        self._init_seed = seed
        if seed is None:
            seed = make_default_seed()
        self.seed = _restore_seed(type(self).__name__, seed)

    def _key(self):
        return draw_key(self.seed)

    def get_config(self):
        return {"seed": serialize_keras_object(self._init_seed)}


def _normal(key, shape, dtype, mean, stddev):
    return jax.random.normal(key, shape, dtype=dtype) * stddev + mean


def _truncated(key, shape, dtype, mean, stddev):
    return jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype=dtype) * stddev + mean


class _MeanStddevInitializer(RandomInitializer):
    """Base of RandomNormal and TruncatedNormal: ``_sample(key, shape, dtype, mean, std)``."""

    _sample = None

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape, dtype = check_shape(self, shape), check_float_dtype(self, dtype)
        with jax.ensure_compile_time_eval():
            return self._sample(self._key(), shape, dtype, self.mean, self.stddev)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@register_builtin
class RandomNormal(_MeanStddevInitializer):
    """Samples from ``N(mean, stddev**2)``.

    >>> RandomNormal(stddev=1.0, seed=1)((100, 100)).std().round(1).item()
    1.0
    """

    _sample = staticmethod(_normal)


@register_builtin
class TruncatedNormal(_MeanStddevInitializer):
    """Samples from ``N(mean, stddev**2)`` cut to ``mean +- 2 * stddev``.

    >>> float(abs(TruncatedNormal(stddev=1.0, seed=1)((1000,))).max()) <= 2.0
    True
    """

    _sample = staticmethod(_truncated)


@register_builtin
class RandomUniform(RandomInitializer):
    """Samples uniformly from ``[minval, maxval)``.

    >>> w = RandomUniform(0.0, 1.0, seed=1)((1000,))
    >>> 0.0 <= float(w.min()) and float(w.max()) < 1.0
    True
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape, dtype = check_shape(self, shape), check_float_dtype(self, dtype)
        with jax.ensure_compile_time_eval():
            return jax.random.uniform(
                self._key(), shape, dtype=dtype, minval=self.minval, maxval=self.maxval
            )

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def compute_fans(shape, input_axes=None, output_axes=None):
    """``(fan_in, fan_out)`` of a weight shape.

    Scalars count 1, vectors their length, matrices ``(rows, cols)``; higher ranks are
    convolution kernels ``(*receptive_field, in, out)`` whose fans are multiplied by the
    receptive field size. ``input_axes``/``output_axes`` (both given) override this.

    >>> compute_fans((3, 3, 16, 32))
    (144, 288)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return (int(math.prod(shape[a] for a in input_axes)),
                int(math.prod(shape[a] for a in output_axes)))
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


@register_builtin
class VarianceScaling(RandomInitializer):
    """Samples with variance ``scale / n``, ``n`` the fan chosen by ``mode``.

    ``distribution="truncated_normal"`` (``"normal"`` is an alias) samples a normal cut
    at two std with std ``sqrt(scale / n) / 0.8796...`` (so the truncated samples have
    the target variance); ``"untruncated_normal"`` uses std ``sqrt(scale / n)``;
    ``"uniform"`` samples from ``[-limit, limit]``, ``limit = sqrt(3 * scale / n)``.
    ``n`` is never below 1.

    >>> w = VarianceScaling(scale=2.0, distribution="uniform", seed=0)((50, 20))
    >>> float(abs(w).max()) <= (3 * 2.0 / 50) ** 0.5
    True
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if not isinstance(scale, (int, float, np.number)) or not scale > 0.0:
            raise ValueError(
                f"VarianceScaling: scale must be a positive float, received scale={scale!r}."
            )
        if mode not in _MODES:
            raise ValueError(
                f"VarianceScaling: mode must be one of {_MODES}, received mode={mode!r}."
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling: distribution must be one of {_DISTRIBUTIONS} (or "
                f"'normal', an alias of 'truncated_normal'), received {distribution!r}."
            )
        if (input_axes is None) != (output_axes is None):
            raise ValueError(
                f"{type(self).__name__}: pass both input_axes and output_axes, or neither; "
                f"received input_axes={input_axes!r}, output_axes={output_axes!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape, dtype = check_shape(self, shape), check_float_dtype(self, dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, fan[self.mode])
        with jax.ensure_compile_time_eval():
            key = self._key()
            if self.distribution == "truncated_normal":
                return _truncated(key, shape, dtype, 0.0, math.sqrt(variance) / _TRUNCATED_STD)
            if self.distribution == "untruncated_normal":
                return _normal(key, shape, dtype, 0.0, math.sqrt(variance))
            limit = math.sqrt(3.0 * variance)
            return jax.random.uniform(key, shape, dtype=dtype, minval=-limit, maxval=limit)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _FixedVarianceScaling(VarianceScaling):
    """A VarianceScaling preset: only ``seed`` and the fan axes are configurable."""

    _preset = {}

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(seed=seed, input_axes=input_axes, output_axes=output_axes,
                         **self._preset)

    def get_config(self):
        return {
            "seed": serialize_keras_object(self._init_seed),
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


def _preset(name, scale, mode, distribution, summary):
    """A public, registered ``_FixedVarianceScaling`` class named ``name``."""
    doc = f"{summary}\n\n    >>> {name}(seed=0)((4, 5)).shape\n    (4, 5)\n    "
    preset = {"scale": scale, "mode": mode, "distribution": distribution}
    namespace = {"__doc__": doc, "__module__": __name__, "__qualname__": name, "_preset": preset}
    return register_builtin(type(name, (_FixedVarianceScaling,), namespace))


GlorotUniform = _preset(
    "GlorotUniform", 1.0, "fan_avg", "uniform",
    "Glorot (Xavier) uniform: ``U[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))``.")
GlorotNormal = _preset(
    "GlorotNormal", 1.0, "fan_avg", "truncated_normal",
    "Glorot (Xavier) normal: truncated normal with std ``sqrt(2 / (fan_in + fan_out))``.")
LecunUniform = _preset(
    "LecunUniform", 1.0, "fan_in", "uniform",
    "LeCun uniform: ``U[-limit, limit]``, ``limit = sqrt(3 / fan_in)``.")
LecunNormal = _preset(
    "LecunNormal", 1.0, "fan_in", "truncated_normal",
    "LeCun normal: truncated normal with std ``sqrt(1 / fan_in)`` (pairs with selu).")
HeUniform = _preset(
    "HeUniform", 2.0, "fan_in", "uniform",
    "He uniform: ``U[-limit, limit]``, ``limit = sqrt(6 / fan_in)``.")
HeNormal = _preset(
    "HeNormal", 2.0, "fan_in", "truncated_normal",
    "He normal: truncated normal with std ``sqrt(2 / fan_in)`` (pairs with relu).")
