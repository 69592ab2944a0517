"""Shared driver of the ``fit`` benchmarks (``mlp_fit.py``, ``lstm_fit.py``).

Each benchmark times a hand-written ``jax.jit`` + optax loop (the reference, ``jax``),
``model.fit`` through lamina and through Keras 3 on JAX, one warm-up epoch first and then
``--epochs`` timed epochs, and reports the median seconds per epoch with the ratios to the
reference. This module holds what they share: the command line, the two epoch timers, the
lamina and Keras runners (with the check that Keras is there and on JAX), running the
contenders, the printed table and the JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
import traceback

import jax
import jax.numpy as jnp
import numpy as np
import optax

FRAMEWORKS = ("jax", "lamina", "keras")
# Keras' Adam defaults, so every contender runs the same update.
KERAS_ADAM_DEFAULTS = {"b1": 0.9, "b2": 0.999, "eps": 1e-7}


class SkippedError(Exception):
    """A contender that cannot run here for an expected reason (e.g. Keras not installed)."""


def parse_fit_args(
    argv: list[str] | None,
    description: str,
    *,
    samples: int,
    samples_help: str,
    epochs: int,
) -> argparse.Namespace:
    """``--samples --epochs --seed --frameworks --json``; ``frameworks`` becomes a list,
    always starting with ``"jax"``, in the order of ``FRAMEWORKS``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--samples", type=int, default=samples, help=samples_help)
    parser.add_argument("--epochs", type=int, default=epochs, help="timed epochs (after 1 warm-up)")
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


# --------------------------------------------------------------------------- jax + optax


def jax_loop_epoch_times(
    forward,
    loss,
    params,
    x: np.ndarray,
    y: np.ndarray,
    *,
    batch_size: int,
    learning_rate: float,
    timed_epochs: int,
    seed: int,
) -> list[float]:
    """Seconds per epoch of a hand-written jit + optax Adam loop (warm-up epoch first).

    ``forward(params, xb)`` gives the logits and ``loss(logits, yb)`` the per-example loss.
    The train step is jitted with its state donated; each epoch draws a fresh permutation,
    gathers the batches on the host, keeps the last partial batch and ends by reading the
    mean loss, as ``fit``'s loss tracker does.
    """
    optimizer = optax.adam(learning_rate, **KERAS_ADAM_DEFAULTS)

    def loss_fn(params, xb, yb):
        return loss(forward(params, xb), yb).mean()

    def train_step(state, xb, yb):
        params, opt_state, loss_sum, count = state
        loss_value, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        params = optax.apply_updates(params, updates)
        # Running mean of the loss, as fit's loss tracker keeps it.
        return params, opt_state, loss_sum + loss_value, count + 1

    step = jax.jit(train_step, donate_argnums=0)
    state = (params, optimizer.init(params), jnp.zeros((), jnp.float32), jnp.zeros((), jnp.int32))
    rng = np.random.default_rng(seed)
    times = []
    for _ in range(timed_epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(len(x))
        for begin in range(0, len(x), batch_size):
            idx = order[begin : begin + batch_size]
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


def fit_epoch_times(
    api, model, x: np.ndarray, y: np.ndarray, *, batch_size: int, timed_epochs: int
) -> list[float]:
    """Seconds per epoch of ``model.fit`` (compiled ``model`` of the Keras-3-compatible
    module ``api``): one warm-up epoch, then ``timed_epochs`` timed ones."""
    timer = _epoch_timer(api.callbacks)
    model.fit(x, y, batch_size=batch_size, epochs=timed_epochs + 1, verbose=0, callbacks=[timer])
    return timer.times[1:]


def _import_keras_on_jax():
    """The ``keras`` module; ``SkippedError`` when it is missing or not on its JAX backend."""
    try:
        import keras
    except ImportError as exc:
        raise SkippedError(f"keras is not installed ({exc})") from exc
    if keras.backend.backend() != "jax":
        raise SkippedError(
            f"keras runs on its {keras.backend.backend()!r} backend; set KERAS_BACKEND=jax"
        )
    return keras


def api_fit_runners(time_api_fit) -> dict:
    """The ``lamina`` and ``keras`` runners, ``(x, y, epochs, seed) -> seconds per epoch``,
    of ``time_api_fit(api, x, y, epochs, seed)``, which times ``model.fit`` of a model
    built with the Keras-3-compatible module ``api``. Keras raises ``SkippedError`` when it
    is missing or not on its JAX backend."""

    def run_lamina(x, y, epochs: int, seed: int) -> list[float]:
        import lamina

        return time_api_fit(lamina, x, y, epochs, seed)

    def run_keras(x, y, epochs: int, seed: int) -> list[float]:
        return time_api_fit(_import_keras_on_jax(), x, y, epochs, seed)

    return {"lamina": run_lamina, "keras": run_keras}


# --------------------------------------------------------------------------- driver


def _run_contenders(
    runners: dict, labels: dict[str, str], names: list[str], x, y, epochs: int, seed: int
) -> tuple[dict[str, dict], bool]:
    """Runs ``runners[name](x, y, epochs, seed)`` for each name, printing each median.

    Returns the results by name (``status``, and ``epoch_s``/``median_s`` when it ran) and
    whether any contender failed (skipped ones do not count); a failure's traceback is
    printed and the other contenders still run.
    """
    results: dict[str, dict] = {}
    failed = False
    for name in names:
        try:
            times = runners[name](x, y, epochs, seed)
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
            f"  {labels[name]}: {results[name].get('median_s', results[name]['status'])}",
            flush=True,
        )
    return results, failed


def _format_results_table(
    results: dict[str, dict], labels: dict[str, str], *, label_width: int, rule_width: int
) -> str:
    """The seconds/epoch table, with the ratios to ``jax`` and a last ``ratios:`` line."""
    reference = results["jax"].get("median_s")
    lines = [
        f"{'contender':<{label_width}} {'s/epoch':>9} {'vs jax':>8}  note",
        "-" * rule_width,
    ]
    for name, result in results.items():
        median = result.get("median_s")
        if median is None:
            lines.append(f"{labels[name]:<{label_width}} {'-':>9} {'-':>8}  {result['status']}")
            continue
        ratio = f"{median / reference:.2f}x" if reference else "-"
        spread = f"min {min(result['epoch_s']):.3f} max {max(result['epoch_s']):.3f}"
        lines.append(f"{labels[name]:<{label_width}} {median:>9.3f} {ratio:>8}  {spread}")
    ratios = []
    for name in ("lamina", "keras"):
        median = results.get(name, {}).get("median_s")
        if median is not None and reference:
            ratios.append(f"{name}/jax = {median / reference:.2f}")
    if ratios:
        lines.append("ratios: " + ", ".join(ratios))
    return "\n".join(lines)


def _write_results_json(path: str, setup: dict, results: dict[str, dict]) -> None:
    """Writes ``setup``, then the jax version, device, Python version, CPU count and the
    ``results`` as JSON to ``path`` (creating its folder), and says so."""
    payload = {
        **setup,
        "jax_version": jax.__version__,
        "device": str(jax.devices()[0]),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "results": results,
    }
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w") as handle:
        json.dump(payload, handle, indent=2)
    print(f"results written to {path}")


def run_contenders_and_report(
    args: argparse.Namespace,
    runners: dict,
    labels: dict[str, str],
    x,
    y,
    setup: dict,
    *,
    label_width: int,
    rule_width: int,
) -> int:
    """Runs the contenders ``args.frameworks``, prints the table and, with ``--json``,
    writes ``setup`` (then ``samples``, ``timed_epochs``, the environment and the results)
    there. Returns the exit status: 1 when a contender failed, else 0."""
    results, failed = _run_contenders(
        runners, labels, args.frameworks, x, y, args.epochs, args.seed
    )
    print()
    print(_format_results_table(results, labels, label_width=label_width, rule_width=rule_width))
    if args.json:
        setup = {**setup, "samples": args.samples, "timed_epochs": args.epochs}
        _write_results_json(args.json, setup, results)
    return 1 if failed else 0
