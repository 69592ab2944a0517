"""Convolution training speed on CPU: lamina's matmul filter gradient vs XLA's own.

lamina's conv layers keep XLA's forward convolution but may form the filter gradient as
one matmul per kernel offset (``lamina/layers/convolutional/fast_conv.py``). With the
default ``"auto"`` mode that happens on CPU only, for the convolution shapes where a
measurement at the first differentiation finds it clearly faster
(``conv_autotune.fast_backward_wins``). This script times both ways:

1. **filter gradients** ``d(sum(conv * cotangent)) / d(kernel)`` of single convolutions,
   batch 128: the issue's ``3x3, 32 -> 64`` on 26x26, a ``3x3, 64 -> 64`` on 24x24, a
   ``1x1, 64 -> 64``, a grouped ``3x3`` (4 groups) and a 3-D ``3x3x3, 8 -> 16``, with
   XLA's gradient (``fast_backward=False``) and the matmul one (``True``); the ``auto``
   column says which one the default mode picks;
2. **training steps** (``train_on_batch``, Adam, sparse categorical cross-entropy on
   logits, batch 128) of two small CNNs, traced with ``fast_backward_scope(False)``
   (XLA), ``True`` (matmul everywhere) and ``"auto"`` (the default), plus Keras 3 (JAX
   backend, XLA's gradients) when it is installed:
   ``plain``: ``Input(26, 26, 32) -> Conv2D(64, 3, relu) -> Conv2D(64, 3, relu) ->
   MaxPooling2D -> Flatten -> Dense(10)``;
   ``grouped``: ``Input(16, 16, 64) -> Conv2D(64, 1, relu) -> Conv2D(64, 3, groups=4,
   same, relu) -> Conv2D(64, 1, relu) -> MaxPooling2D -> Flatten -> Dense(10)``.

Each timing compiles first, then runs ``--repeats`` times; the table shows the minimum and
median milliseconds, and the ratios XLA / other (above 1: the other is faster). On a
shared machine compare the minimums and rerun a few times.

Run: ``python benchmarks/conv_step.py [--repeats N] [--batch N] [--no-keras] [--skip-step]
[--json PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

import lamina  # noqa: E402
from lamina.layers.convolutional import conv_autotune, fast_conv, shifted_conv  # noqa: E402

CLASSES = 10


def _time(fn, repeats):
    """Milliseconds of ``fn()`` (which must block until its result is ready)."""
    fn()  # compile / warm up
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return {"min_ms": min(times), "median_ms": statistics.median(times), "runs_ms": times}


MICRO = {  # name: lhs shape (without batch), rhs shape, padding, groups
    "3x3 32->64 26x26": ((26, 26, 32), (3, 3, 32, 64), "VALID", 1),
    "3x3 64->64 24x24": ((24, 24, 64), (3, 3, 64, 64), "VALID", 1),
    "1x1 64->64 24x24": ((24, 24, 64), (1, 1, 64, 64), "VALID", 1),
    "3x3 64->64 g4 24x24": ((24, 24, 64), (3, 3, 16, 64), "SAME", 4),
    "3x3x3 8->16 12^3": ((12, 12, 12, 8), (3, 3, 3, 8, 16), "SAME", 1),
}


def micro(batch, repeats):
    """Filter gradients of single convolutions, XLA's and the matmul one."""
    rng = np.random.default_rng(0)
    results, choices = {}, {}
    for name, (lhs_shape, rhs_shape, padding, groups) in MICRO.items():
        nd = len(rhs_shape) - 2
        spatial = "DHW"[-nd:]
        dn = (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")
        x = jnp.asarray(rng.normal(size=(batch, *lhs_shape)).astype("float32"))
        w = jnp.asarray(rng.normal(size=rhs_shape).astype("float32") * 0.1)

        def conv(x, w, mode, dn=dn, nd=nd, padding=padding, groups=groups):
            return fast_conv.conv_general_dilated(
                x, w, (1,) * nd, padding, dimension_numbers=dn, feature_group_count=groups,
                fast_backward=mode)

        cotangent = jnp.asarray(rng.normal(size=conv(x, w, False).shape).astype("float32"))
        spec = shifted_conv.make_spec(x.shape, w.shape, (1,) * nd, padding, None, None, dn,
                                      groups)
        wins = conv_autotune.fast_backward_wins(spec, x.shape, w.shape)
        choices[name] = "matmul" if wins else "xla"
        for mode, label in ((False, "xla"), (True, "matmul")):
            grad = jax.jit(lambda x, w, ct, mode=mode, conv=conv: jax.vjp(
                lambda k: conv(x, k, mode), w)[1](ct)[0])
            results[f"{name} [{label}]"] = _time(
                lambda g=grad, x=x, w=w, ct=cotangent: g(x, w, ct).block_until_ready(),
                repeats)
    return results, choices


def build_cnn(api, kind):
    """The ``plain`` or ``grouped`` CNN of the module docstring (``api``: lamina or keras)."""
    layers = api.layers
    if kind == "plain":
        inputs = api.Input((26, 26, 32))
        x = layers.Conv2D(64, 3, activation="relu")(inputs)
        x = layers.Conv2D(64, 3, activation="relu")(x)
    else:
        inputs = api.Input((16, 16, 64))
        x = layers.Conv2D(64, 1, activation="relu")(inputs)
        x = layers.Conv2D(64, 3, groups=4, padding="same", activation="relu")(x)
        x = layers.Conv2D(64, 1, activation="relu")(x)
    x = layers.Flatten()(layers.MaxPooling2D()(x))
    model = api.Model(inputs, layers.Dense(CLASSES)(x))
    model.compile(optimizer=api.optimizers.Adam(1e-3),
                  loss=api.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def train_step(api, kind, x, y, repeats, mode=None):
    """Milliseconds per ``train_on_batch`` call (the step is traced under ``mode``)."""
    api.utils.set_random_seed(0)
    model = build_cnn(api, kind)
    if mode is None:
        return _time(lambda: float(model.train_on_batch(x, y)), repeats)
    with fast_conv.fast_backward_scope(mode):
        model.train_on_batch(x, y)  # trace + compile inside the scope
    return _time(lambda: float(model.train_on_batch(x, y)), repeats)


def step(batch, repeats, with_keras):
    rng = np.random.default_rng(1)
    keras = None
    if with_keras:
        try:
            import keras
        except ImportError:
            print("keras is not installed: its rows are skipped")
    results = {}
    for kind, shape in (("plain", (26, 26, 32)), ("grouped", (16, 16, 64))):
        x = rng.normal(size=(batch, *shape)).astype("float32")
        y = rng.integers(0, CLASSES, size=(batch,)).astype("int32")
        for mode, label in ((False, "xla"), (True, "matmul"), ("auto", "auto")):
            results[f"step {kind} [{label}]"] = train_step(lamina, kind, x, y, repeats, mode)
        if keras is not None:
            results[f"step {kind} [keras]"] = train_step(keras, kind, x, y, repeats)
    return results


def _format(results, choices):
    lines = [f"{'measurement':<36}{'min ms':>10}{'median ms':>12}{'xla/this':>10}"]
    for name, r in results.items():
        base = results.get(name.rsplit(" [", 1)[0] + " [xla]")
        ratio = f"{base['min_ms'] / r['min_ms']:>9.2f}x" if base else ""
        lines.append(f"{name:<36}{r['min_ms']:>10.1f}{r['median_ms']:>12.1f}{ratio}")
    lines.append("auto mode picks: " + ", ".join(f"{k}: {v}" for k, v in choices.items()))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--no-keras", action="store_true", help="skip the Keras 3 column")
    parser.add_argument("--skip-step", action="store_true", help="only the microbenchmark")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    args = parser.parse_args(argv)
    print(f"jax {jax.__version__} on {jax.default_backend()} ({platform.processor() or '?'}, "
          f"{os.cpu_count()} CPUs), batch {args.batch}, {args.repeats} runs each")
    results, choices = micro(args.batch, args.repeats)
    if not args.skip_step:
        results.update(step(args.batch, args.repeats, not args.no_keras))
    print(_format(results, choices))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"jax": jax.__version__, "backend": jax.default_backend(),
                       "cpus": os.cpu_count(), "batch": args.batch, "results": results,
                       "auto_choices": choices},
                      handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
