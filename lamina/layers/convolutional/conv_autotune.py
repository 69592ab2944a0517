"""Choose, per convolution shape, between XLA's filter gradient and the matmul one (CPU).

XLA's CPU filter gradient is fast for some shapes and several times slower than the
matmul form for others (batch 128 on the 2-core development machine: ``3x3, 64 -> 64`` on
24x24 inputs 2-6x, grouped convolutions 20x, ``3x3, 32 -> 64`` on 26x26 about even), and
which shapes win changed between XLA versions, machines and batch sizes (``3x3x3, 8 ->
16`` on 12^3: matmuls 4x faster at batch 16, 0.9x at batch 128). So no fixed rule is
used: the first time the kernel of a given convolution (spec, shapes, dtype) is
differentiated on CPU, both filter gradients are compiled and timed on random data of
the real shapes, and the matmul form is kept only if it is at least ``MARGIN`` times
faster. The choice is cached for the process; measuring costs about two runs of each
filter gradient plus their compilation, once. Convolutions under ``MIN_FLOPS`` are not
worth measuring and keep XLA's.

Both choices are exact to float32 rounding, so the choice changes only speed (and the
last bits of the kernel gradient). Force one with ``fast_conv.fast_backward_scope``.

>>> from lamina.layers.convolutional.shifted_conv import make_spec
>>> spec = make_spec((2, 5, 5, 3), (3, 3, 3, 4), (1, 1), "VALID",
...                  dimension_numbers=("NHWC", "HWIO", "NHWC"))
>>> fast_backward_wins(spec, (2, 5, 5, 3), (3, 3, 3, 4))  # too small to measure
False
"""

import time

import jax
import jax.numpy as jnp
import numpy as np

from lamina.layers.convolutional.shifted_conv import plain_conv, shifted_matmul_conv

MIN_FLOPS = 5e7  # below this (about a millisecond of work) XLA's gradient is kept
MARGIN = 1.25  # the matmul form must be this many times faster to be chosen
CLEAR = 3.0  # a first XLA run this many times slower than the matmuls is not repeated
_CHOICES: dict = {}  # (spec, lhs shape, rhs shape, dtype) -> bool


def filter_gradient_flops(spec, lhs_shape, rhs_shape) -> float:
    """Multiply-adds x 2 of one filter gradient (= of the forward convolution).

    >>> from lamina.layers.convolutional.shifted_conv import make_spec
    >>> spec = make_spec((8, 6, 6, 2), (3, 3, 2, 4), (1, 1), "VALID",
    ...                  dimension_numbers=("NHWC", "HWIO", "NHWC"))
    >>> filter_gradient_flops(spec, (8, 6, 6, 2), (3, 3, 2, 4))
    18432.0
    """
    out = jax.eval_shape(
        lambda x, w: plain_conv(x, w, spec),
        jax.ShapeDtypeStruct(tuple(lhs_shape), jnp.float32),
        jax.ShapeDtypeStruct(tuple(rhs_shape), jnp.float32),
    ).shape
    dn = spec.dimension_numbers
    return 2.0 * float(np.prod(out)) * float(np.prod([rhs_shape[a] for a in dn.rhs_spec[1:]]))


def fast_backward_wins(spec, lhs_shape, rhs_shape, dtype="float32") -> bool:
    """Whether the matmul filter gradient is used for this convolution (``"auto"`` mode).

    False off the CPU backend and for small convolutions; otherwise measured once per
    (spec, shapes, dtype) and cached (see the module docstring).

    >>> from lamina.layers.convolutional.shifted_conv import make_spec
    >>> spec = make_spec((4, 8, 8, 2), (1, 1, 2, 3), (1, 1), "VALID",
    ...                  dimension_numbers=("NHWC", "HWIO", "NHWC"))
    >>> fast_backward_wins(spec, (4, 8, 8, 2), (1, 1, 2, 3))  # 3 kflops: not measured
    False
    """
    if jax.default_backend() != "cpu":
        return False
    lhs_shape, rhs_shape = tuple(int(d) for d in lhs_shape), tuple(int(d) for d in rhs_shape)
    if filter_gradient_flops(spec, lhs_shape, rhs_shape) < MIN_FLOPS:
        return False
    key = (spec, lhs_shape, rhs_shape, jnp.dtype(dtype).name)
    if key not in _CHOICES:
        times = measure(spec, lhs_shape, rhs_shape, dtype)
        _CHOICES[key] = times["matmul"] * MARGIN < times["xla"]
    return _CHOICES[key]


def choices() -> dict:
    """A copy of the cached decisions: ``{(spec, lhs, rhs, dtype): uses_matmuls}``.

    >>> isinstance(choices(), dict)
    True
    """
    return dict(_CHOICES)


def clear_choices() -> None:
    """Forget the cached decisions (the next differentiation measures again).

    >>> clear_choices(); choices()
    {}
    """
    _CHOICES.clear()


def measure(spec, lhs_shape, rhs_shape, dtype="float32", repeats=2) -> dict:
    """Best seconds of XLA's and the matmul filter gradient, ``{"xla": s, "matmul": s}``.

    Both are compiled ahead of time, then run on random data of the given shapes: the
    matmul form ``repeats`` times, XLA's as often unless its first run is already
    ``CLEAR`` times slower. Runs eagerly even while a function is being traced
    (``ensure_compile_time_eval``).

    >>> from lamina.layers.convolutional.shifted_conv import make_spec
    >>> spec = make_spec((2, 6, 6, 2), (3, 3, 2, 4), (1, 1), "SAME",
    ...                  dimension_numbers=("NHWC", "HWIO", "NHWC"))
    >>> sorted(measure(spec, (2, 6, 6, 2), (3, 3, 2, 4)))
    ['matmul', 'xla']
    """
    rng = np.random.default_rng(0)
    with jax.ensure_compile_time_eval():
        lhs = jnp.asarray(rng.standard_normal(lhs_shape), dtype)
        rhs = jnp.asarray(rng.standard_normal(rhs_shape), dtype)
        out = jax.eval_shape(lambda x, w: plain_conv(x, w, spec), lhs, rhs)
        cotangent = jnp.asarray(rng.standard_normal(out.shape), dtype)
        compiled = {}
        for name, linear in (("xla", plain_conv), ("matmul", shifted_matmul_conv)):
            fn = jax.jit(lambda x, w, c, linear=linear: jax.linear_transpose(
                lambda k: linear(x, k, spec), w)(c)[0])
            compiled[name] = fn.lower(lhs, rhs, cotangent).compile()

        def run(name):
            start = time.perf_counter()
            compiled[name](lhs, rhs, cotangent).block_until_ready()
            return time.perf_counter() - start

        matmul = min(run("matmul") for _ in range(repeats))
        xla = run("xla")
        if xla < CLEAR * matmul:
            xla = min([xla] + [run("xla") for _ in range(repeats - 1)])
    return {"xla": xla, "matmul": matmul}
