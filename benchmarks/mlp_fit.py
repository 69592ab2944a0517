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

import os
import sys

# Keras must pick its JAX backend before it is first imported.
os.environ.setdefault("KERAS_BACKEND", "jax")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from _timing import (  # noqa: E402
    api_fit_runners,
    fit_epoch_times,
    jax_loop_epoch_times,
    parse_fit_args,
    run_contenders_and_report,
)

LAYER_SIZES = (784, 512, 512, 10)
BATCH_SIZE = 128
LEARNING_RATE = 1e-3


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
    return jax_loop_epoch_times(
        _forward,
        optax.softmax_cross_entropy_with_integer_labels,
        _init_params(jax.random.key(seed)),
        x,
        y,
        batch_size=BATCH_SIZE,
        learning_rate=LEARNING_RATE,
        timed_epochs=epochs,
        seed=seed,
    )


# --------------------------------------------------------------------------- Keras-API fits


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
    return fit_epoch_times(api, model, x, y, batch_size=BATCH_SIZE, timed_epochs=epochs)


RUNNERS = {"jax": run_jax, **api_fit_runners(_time_api_fit)}
LABELS = {"jax": "jax+optax", "lamina": "lamina", "keras": "keras 3 (jax)"}


# --------------------------------------------------------------------------- driver


def main(argv: list[str] | None = None) -> int:
    args = parse_fit_args(
        argv, __doc__.splitlines()[0], samples=60_000, samples_help="training samples", epochs=5
    )
    x, y = make_data(args.samples, args.seed)
    steps = -(-args.samples // BATCH_SIZE)
    print(
        f"MLP {'-'.join(map(str, LAYER_SIZES))}, batch {BATCH_SIZE}, Adam({LEARNING_RATE}), "
        f"{args.samples} samples ({steps} steps/epoch), 1 warm-up + {args.epochs} timed epochs, "
        f"jax {jax.__version__} on {jax.devices()[0].platform}",
        flush=True,
    )
    setup = {
        "benchmark": "mlp_fit",
        "layer_sizes": LAYER_SIZES,
        "batch_size": BATCH_SIZE,
    }
    return run_contenders_and_report(
        args, RUNNERS, LABELS, x, y, setup, label_width=15, rule_width=60
    )


if __name__ == "__main__":
    sys.exit(main())
