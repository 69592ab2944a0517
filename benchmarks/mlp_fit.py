"""Steady-state ``fit`` speed of an MLP: lamina vs a hand-written jax.jit + optax loop vs Keras 3.

The model is the classic MNIST MLP, 784-512-512-10 (relu), trained with Adam(1e-3) on
SparseCategoricalCrossentropy(from_logits=True), batch size 128, on synthetic float32
inputs with integer labels (60,000 samples by default). For each contender one warm-up
epoch runs first (so compilation is excluded), then ``--epochs`` epochs are timed one by
one and the median seconds/epoch is reported, with the ratio to the jax+optax loop.

All contenders run in this one process on the same data:

* ``jax+optax``: the reference. A ``jax.jit`` train step with the state donated, the same
  initialisation (Glorot-uniform kernels, zero biases), the same Adam hyper-parameters as
  Keras' defaults, and the same batch order logic as ``fit``: a fresh permutation each
  epoch, batches gathered on the host, the last partial batch kept.
* ``lamina``: ``model.fit`` through ``import lamina as keras``.
* ``keras``: Keras 3 on its JAX backend, when it is installed (skipped otherwise).

Run: ``make bench`` or ``python benchmarks/mlp_fit.py [--samples N] [--epochs N]
[--frameworks jax,lamina,keras] [--json PATH]``. Exits with status 1 when a requested
contender other than an uninstalled Keras fails, after printing the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import traceback

# Keras must pick its JAX backend before it is first imported.
os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

LAYER_SIZES = (784, 512, 512, 10)
BATCH_SIZE = 128
LEARNING_RATE = 1e-3
# Keras' Adam defaults, so every contender runs the same update.
ADAM_KWARGS = {"b1": 0.9, "b2": 0.999, "eps": 1e-7}
FRAMEWORKS = ("jax", "lamina", "keras")


class SkippedError(Exception):
    """A contender that cannot run here for an expected reason (e.g. Keras not installed)."""


def make_data(samples: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic inputs ``(samples, 784)`` float32 in [0, 1) and int32 labels in [0, 10)."""
    rng = np.random.default_rng(seed)
    x = rng.random((samples, LAYER_SIZES[0]), dtype=np.float32)
    y = rng.integers(0, LAYER_SIZES[-1], size=(samples,), dtype=np.int32)
    return x, y


# --------------------------------------------------------------------------- jax + optax


def _init_params(key: jax.Array) -> list[tuple[jax.Array, jax.Array]]:
    """Glorot-uniform kernels and zero biases, as Keras' Dense defaults."""
    params = []
    for fan_in, fan_out in zip(LAYER_SIZES[:-1], LAYER_SIZES[1:]):
        key, sub = jax.random.split(key)
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        kernel = jax.random.uniform(sub, (fan_in, fan_out), jnp.float32, -limit, limit)
        params.append((kernel, jnp.zeros((fan_out,), jnp.float32)))
    return params


def _forward(params: list[tuple[jax.Array, jax.Array]], x: jax.Array) -> jax.Array:
    for kernel, bias in params[:-1]:
        x = jax.nn.relu(x @ kernel + bias)
    kernel, bias = params[-1]
    return x @ kernel + bias


def run_jax(x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> list[float]:
    """Seconds per epoch of a hand-written jit + optax loop (warm-up epoch first)."""
    optimizer = optax.adam(LEARNING_RATE, **ADAM_KWARGS)

    def loss_fn(params, xb, yb):
        logits = _forward(params, xb)
        return optax.softmax_cross_entropy_with_integer_labels(logits, yb).mean()

    def train_step(state, xb, yb):
        params, opt_state, loss_sum, count = state
        loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        params = optax.apply_updates(params, updates)
        # Running mean of the loss, as fit's loss tracker keeps it.
        return params, opt_state, loss_sum + loss, count + 1

    step = jax.jit(train_step, donate_argnums=0)
    params = _init_params(jax.random.key(seed))
    state = (params, optimizer.init(params), jnp.zeros((), jnp.float32), jnp.zeros((), jnp.int32))
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        for begin in range(0, len(x), BATCH_SIZE):
            idx = order[begin : begin + BATCH_SIZE]
            state = step(state, x[idx], y[idx])
        loss_sum, count = state[2], state[3]
        float(loss_sum / count)  # the epoch-end log value: waits for every step
        times.append(time.perf_counter() - start)
        state = (state[0], state[1], jnp.zeros((), jnp.float32), jnp.zeros((), jnp.int32))
    return times[1:]


# --------------------------------------------------------------------------- Keras-API fits


def _epoch_timer(callbacks_module):
    """A callback that records the wall time of each epoch, from begin to end."""

    class EpochTimer(callbacks_module.Callback):
        def __init__(self):
            super().__init__()
            self.times: list[float] = []
            self._start = 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            # Reading the logged loss waits for the epoch's device work to finish.
            float(np.asarray((logs or {}).get("loss", 0.0)))
            self.times.append(time.perf_counter() - self._start)

    return EpochTimer()


def _time_api_fit(api, x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> list[float]:
    """Seconds per epoch of ``model.fit`` for a Keras-3-compatible module ``api``."""
    api.utils.set_random_seed(seed)
    inputs = api.Input(shape=(LAYER_SIZES[0],))
    h = inputs
    for units in LAYER_SIZES[1:-1]:
        h = api.layers.Dense(units, activation="relu")(h)
    outputs = api.layers.Dense(LAYER_SIZES[-1])(h)
    model = api.Model(inputs, outputs)
    model.compile(
        optimizer=api.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss=api.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    timer = _epoch_timer(api.callbacks)
    model.fit(x, y, batch_size=BATCH_SIZE, epochs=epochs + 1, verbose=0, callbacks=[timer])
    return timer.times[1:]


def run_lamina(x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> list[float]:
    import lamina

    return _time_api_fit(lamina, x, y, epochs, seed)


def run_keras(x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> list[float]:
    try:
        import keras
    except ImportError as exc:
        raise SkippedError(f"keras is not installed ({exc})") from exc
    if keras.backend.backend() != "jax":
        raise SkippedError(
            f"keras runs on its {keras.backend.backend()!r} backend; set KERAS_BACKEND=jax"
        )
    return _time_api_fit(keras, x, y, epochs, seed)


RUNNERS = {"jax": run_jax, "lamina": run_lamina, "keras": run_keras}
LABELS = {"jax": "jax+optax", "lamina": "lamina", "keras": "keras 3 (jax)"}


# --------------------------------------------------------------------------- driver


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60_000, help="training samples")
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs (after 1 warm-up)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--frameworks",
        default=",".join(FRAMEWORKS),
        help=f"comma-separated subset of {','.join(FRAMEWORKS)} (jax is always run)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if args.samples < 1 or args.epochs < 1:
        parser.error("--samples and --epochs must be at least 1")
    chosen = [name.strip() for name in args.frameworks.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(FRAMEWORKS))
    if unknown:
        parser.error(f"unknown --frameworks {unknown}; choose from {list(FRAMEWORKS)}")
    # The reference always runs first: every ratio is relative to it.
    args.frameworks = ["jax"] + [name for name in FRAMEWORKS[1:] if name in chosen]
    return args


def _format_table(results: dict[str, dict]) -> str:
    reference = results["jax"].get("median_s")
    lines = [f"{'contender':<15} {'s/epoch':>9} {'vs jax':>8}  note", "-" * 60]
    for name, result in results.items():
        median = result.get("median_s")
        if median is None:
            lines.append(f"{LABELS[name]:<15} {'-':>9} {'-':>8}  {result['status']}")
            continue
        ratio = f"{median / reference:.2f}x" if reference else "-"
        spread = f"min {min(result['epoch_s']):.3f} max {max(result['epoch_s']):.3f}"
        lines.append(f"{LABELS[name]:<15} {median:>9.3f} {ratio:>8}  {spread}")
    ratios = []
    for name in ("lamina", "keras"):
        median = results.get(name, {}).get("median_s")
        if median is not None and reference:
            ratios.append(f"{name}/jax = {median / reference:.2f}")
    if ratios:
        lines.append("ratios: " + ", ".join(ratios))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    x, y = make_data(args.samples, args.seed)
    steps = -(-args.samples // BATCH_SIZE)
    print(
        f"MLP {'-'.join(map(str, LAYER_SIZES))}, batch {BATCH_SIZE}, Adam({LEARNING_RATE}), "
        f"{args.samples} samples ({steps} steps/epoch), 1 warm-up + {args.epochs} timed epochs, "
        f"jax {jax.__version__} on {jax.devices()[0].platform}",
        flush=True,
    )
    results: dict[str, dict] = {}
    failed = False
    for name in args.frameworks:
        try:
            times = RUNNERS[name](x, y, args.epochs, args.seed)
        except SkippedError as exc:
            results[name] = {"status": f"skipped: {exc}"}
        except Exception as exc:  # report and go on with the other contenders
            failed = True
            traceback.print_exc()
            results[name] = {"status": f"FAILED: {type(exc).__name__}: {exc}"}
        else:
            results[name] = {
                "status": "ok",
                "epoch_s": times,
                "median_s": statistics.median(times),
            }
        print(
            f"  {LABELS[name]}: {results[name].get('median_s', results[name]['status'])}",
            flush=True,
        )

    print()
    print(_format_table(results))
    if args.json:
        payload = {
            "benchmark": "mlp_fit",
            "layer_sizes": LAYER_SIZES,
            "batch_size": BATCH_SIZE,
            "samples": args.samples,
            "timed_epochs": args.epochs,
            "jax_version": jax.__version__,
            "device": str(jax.devices()[0]),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "results": results,
        }
        directory = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(directory, exist_ok=True)
        with open(args.json, "w") as handle:
            json.dump(payload, handle, indent=2)
        print(f"results written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
