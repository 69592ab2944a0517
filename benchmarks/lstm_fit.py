"""Steady-state ``fit`` speed of a masked LSTM: lamina vs a hand-written jitted JAX LSTM vs Keras 3.

The model is ``Embedding(20000, 64, mask_zero=True) -> LSTM(64) -> Dense(1, sigmoid)``,
trained with Adam(1e-3) on binary crossentropy, batch size 64, on ``--samples`` (default
10,000) random integer sequences of length 100: each has a random length in [10, 100],
is post-padded with zeros (the padding id), and has a random binary label. For each
contender one warm-up epoch runs first (so compilation is excluded), then ``--epochs``
epochs are timed one by one and the median seconds/epoch is reported, with the ratio to
the hand-written loop.

All contenders run in this one process on the same data:

* ``jax``: the reference. A ``jax.jit`` train step (state donated) over a hand-written
  LSTM: the embedding lookup, the mask ``ids != 0``, one ``lax.scan`` whose step computes
  ``x_t @ W + h @ U + b`` and keeps the previous ``h, c`` where the mask is False, the
  sigmoid head, optax's Adam with Keras' defaults, and the same batch order logic as
  ``fit`` (a fresh permutation each epoch, the last partial batch kept).
* ``lamina``: ``model.fit`` through ``import lamina as keras``.
* ``keras``: Keras 3 on its JAX backend, when it is installed (skipped otherwise).

Run: ``python benchmarks/lstm_fit.py [--samples N] [--epochs N] [--frameworks
jax,lamina,keras] [--json PATH]``. Exits with status 1 when a requested contender other
than an uninstalled Keras fails, after printing the table.
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

VOCAB, EMBED, UNITS, LENGTH = 20000, 64, 64, 100
MIN_LENGTH = 10
BATCH_SIZE = 64
LEARNING_RATE = 1e-3


def make_data(samples: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(samples, 100)`` int32 ids post-padded with 0, and float32 labels in {0, 1}."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(MIN_LENGTH, LENGTH + 1, size=samples)
    ids = rng.integers(1, VOCAB, size=(samples, LENGTH), dtype=np.int32)
    ids[np.arange(LENGTH)[None, :] >= lengths[:, None]] = 0
    labels = rng.integers(0, 2, size=(samples, 1)).astype(np.float32)
    return ids, labels


# --------------------------------------------------------------------------- jax + optax


def _init_params(key: jax.Array) -> dict:
    """Keras' default initializers: uniform(-0.05, 0.05) embeddings, Glorot-uniform
    kernels, an orthogonal recurrent kernel, zero biases but 1 for the forget gate."""
    k_emb, k_w, k_u, k_out = jax.random.split(key, 4)

    def glorot(k, shape):
        limit = np.sqrt(6.0 / sum(shape))
        return jax.random.uniform(k, shape, jnp.float32, -limit, limit)

    q, r = jnp.linalg.qr(jax.random.normal(k_u, (4 * UNITS, UNITS)))
    recurrent = (q * jnp.sign(jnp.diag(r))).T
    bias = jnp.zeros((4 * UNITS,)).at[UNITS : 2 * UNITS].set(1.0)
    return {
        "embeddings": jax.random.uniform(k_emb, (VOCAB, EMBED), jnp.float32, -0.05, 0.05),
        "kernel": glorot(k_w, (EMBED, 4 * UNITS)),
        "recurrent_kernel": recurrent,
        "bias": bias,
        "dense_kernel": glorot(k_out, (UNITS, 1)),
        "dense_bias": jnp.zeros((1,)),
    }


def _forward(params: dict, ids: jax.Array) -> jax.Array:
    mask = ids != 0
    x = jnp.take(params["embeddings"], ids, axis=0)
    xs = jnp.where(mask[..., None], x, 0.0).swapaxes(0, 1)
    ms = mask.swapaxes(0, 1)[..., None]
    kernel, recurrent, bias = params["kernel"], params["recurrent_kernel"], params["bias"]

    def step(carry, inputs):
        h, c = carry
        x_t, m_t = inputs
        z = x_t @ kernel + h @ recurrent + bias
        i, f, g, o = jnp.split(z, 4, axis=-1)
        new_c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        new_h = jax.nn.sigmoid(o) * jnp.tanh(new_c)
        return (jnp.where(m_t, new_h, h), jnp.where(m_t, new_c, c)), None

    zeros = jnp.zeros((ids.shape[0], UNITS), jnp.float32)
    (h, _), _ = jax.lax.scan(step, (zeros, zeros), (xs, ms))
    return h @ params["dense_kernel"] + params["dense_bias"]


def run_jax(x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> list[float]:
    """Seconds per epoch of a hand-written jit + optax loop (warm-up epoch first)."""
    return jax_loop_epoch_times(
        _forward,
        optax.sigmoid_binary_cross_entropy,
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
    inputs = api.Input(shape=(LENGTH,), dtype="int32")
    h = api.layers.Embedding(VOCAB, EMBED, mask_zero=True)(inputs)
    h = api.layers.LSTM(UNITS)(h)
    outputs = api.layers.Dense(1, activation="sigmoid")(h)
    model = api.Model(inputs, outputs)
    model.compile(
        optimizer=api.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss="binary_crossentropy",
    )
    return fit_epoch_times(api, model, x, y, batch_size=BATCH_SIZE, timed_epochs=epochs)


RUNNERS = {"jax": run_jax, **api_fit_runners(_time_api_fit)}
LABELS = {"jax": "jax (hand LSTM)", "lamina": "lamina", "keras": "keras 3 (jax)"}


# --------------------------------------------------------------------------- driver


def main(argv: list[str] | None = None) -> int:
    args = parse_fit_args(
        argv, __doc__.splitlines()[0], samples=10_000, samples_help="training sequences", epochs=3
    )
    x, y = make_data(args.samples, args.seed)
    steps = -(-args.samples // BATCH_SIZE)
    print(
        f"Embedding({VOCAB}, {EMBED}, mask_zero) -> LSTM({UNITS}) -> Dense(1, sigmoid), "
        f"batch {BATCH_SIZE}, Adam({LEARNING_RATE}), {args.samples} sequences of length "
        f"{LENGTH} ({steps} steps/epoch), 1 warm-up + {args.epochs} timed epochs, "
        f"jax {jax.__version__} on {jax.devices()[0].platform}",
        flush=True,
    )
    setup = {
        "benchmark": "lstm_fit",
        "model": f"Embedding({VOCAB},{EMBED},mask_zero)-LSTM({UNITS})-Dense(1)",
        "batch_size": BATCH_SIZE,
    }
    return run_contenders_and_report(
        args, RUNNERS, LABELS, x, y, setup, label_width=16, rule_width=62
    )


if __name__ == "__main__":
    sys.exit(main())
