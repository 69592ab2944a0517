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

VOCAB, EMBED, UNITS, LENGTH = 20000, 64, 64, 100
MIN_LENGTH = 10
BATCH_SIZE = 64
LEARNING_RATE = 1e-3
# Keras' Adam defaults, so every contender runs the same update.
ADAM_KWARGS = {"b1": 0.9, "b2": 0.999, "eps": 1e-7}
FRAMEWORKS = ("jax", "lamina", "keras")


class SkippedError(Exception):
    """A contender that cannot run here for an expected reason (e.g. Keras not installed)."""


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
    optimizer = optax.adam(LEARNING_RATE, **ADAM_KWARGS)

    def loss_fn(params, xb, yb):
        logits = _forward(params, xb)
        return optax.sigmoid_binary_cross_entropy(logits, yb).mean()

    def train_step(state, xb, yb):
        params, opt_state, loss_sum, count = state
        loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        params = optax.apply_updates(params, updates)
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
        float(state[2] / state[3])  # the epoch-end log value: waits for every step
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
    inputs = api.Input(shape=(LENGTH,), dtype="int32")
    h = api.layers.Embedding(VOCAB, EMBED, mask_zero=True)(inputs)
    h = api.layers.LSTM(UNITS)(h)
    outputs = api.layers.Dense(1, activation="sigmoid")(h)
    model = api.Model(inputs, outputs)
    model.compile(
        optimizer=api.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss="binary_crossentropy",
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
LABELS = {"jax": "jax (hand LSTM)", "lamina": "lamina", "keras": "keras 3 (jax)"}


# --------------------------------------------------------------------------- driver


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000, help="training sequences")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs (after 1 warm-up)")
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
    lines = [f"{'contender':<16} {'s/epoch':>9} {'vs jax':>8}  note", "-" * 62]
    for name, result in results.items():
        median = result.get("median_s")
        if median is None:
            lines.append(f"{LABELS[name]:<16} {'-':>9} {'-':>8}  {result['status']}")
            continue
        ratio = f"{median / reference:.2f}x" if reference else "-"
        spread = f"min {min(result['epoch_s']):.3f} max {max(result['epoch_s']):.3f}"
        lines.append(f"{LABELS[name]:<16} {median:>9.3f} {ratio:>8}  {spread}")
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
        f"Embedding({VOCAB}, {EMBED}, mask_zero) -> LSTM({UNITS}) -> Dense(1, sigmoid), "
        f"batch {BATCH_SIZE}, Adam({LEARNING_RATE}), {args.samples} sequences of length "
        f"{LENGTH} ({steps} steps/epoch), 1 warm-up + {args.epochs} timed epochs, "
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
            "benchmark": "lstm_fit",
            "model": f"Embedding({VOCAB},{EMBED},mask_zero)-LSTM({UNITS})-Dense(1)",
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
