"""MNIST-1D, generated locally and cached as a small ``.npz`` file.

MNIST-1D (Greydanus, 2020) is a 1-D, 10-class stand-in for MNIST: 4,000 training and
1,000 test signals of length 40. The ``mnist1d`` package builds it procedurally from a
fixed seed with ``make_dataset``; we never call ``mnist1d.data.get_dataset``, which
downloads a pickle from the internet. Generation takes a couple of seconds, so the
arrays are cached (``<repo>/.cache/mnist1d.npz`` by default, gitignored) and later runs
load them instantly.

Usage::

    from _mnist1d_data import load_mnist1d

    data = load_mnist1d()
    data["x"].shape, data["y"].shape            # (4000, 40), (4000,)
    data["x_test"].shape, data["y_test"].shape  # (1000, 40), (1000,)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache"
CACHE_FILE_NAME = "mnist1d.npz"
SIGNAL_LENGTH = 40
NUM_CLASSES = 10
_EXPECTED_ROWS = {"x": 4000, "y": 4000, "x_test": 1000, "y_test": 1000}


def generate_mnist1d() -> dict[str, np.ndarray]:
    """Build MNIST-1D with the ``mnist1d`` package's default arguments (seed 42).

    Returns a dict with ``x`` (float32, ``(4000, 40)``), ``y`` (int32, ``(4000,)``),
    ``x_test`` (float32, ``(1000, 40)``) and ``y_test`` (int32, ``(1000,)``).
    """
    try:
        from mnist1d.data import get_dataset_args, make_dataset
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "The MNIST-1D demo needs the 'mnist1d' package to generate its data, but it is "
            "not installed. Install it with: pip install -e '.[examples]' (or run 'make demo')."
        ) from exc

    raw = make_dataset(get_dataset_args())
    return {
        "x": np.asarray(raw["x"], dtype=np.float32),
        "y": np.asarray(raw["y"], dtype=np.int32),
        "x_test": np.asarray(raw["x_test"], dtype=np.float32),
        "y_test": np.asarray(raw["y_test"], dtype=np.int32),
    }


def _is_valid(data: dict[str, np.ndarray]) -> bool:
    """True when ``data`` has the four arrays with MNIST-1D's shapes."""
    if set(data) != set(_EXPECTED_ROWS):
        return False
    for key, rows in _EXPECTED_ROWS.items():
        expected_shape = (rows, SIGNAL_LENGTH) if key.startswith("x") else (rows,)
        if data[key].shape != expected_shape:
            return False
    return True


def _read_cache(path: Path) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when the file is missing, unreadable or malformed."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            data = {key: npz[key] for key in npz.files}
    except (OSError, ValueError, KeyError):
        return None
    return data if _is_valid(data) else None


def _write_cache(path: Path, data: dict[str, np.ndarray]) -> None:
    """Write atomically: a crash mid-write never leaves a truncated cache behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".mnist1d-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **data)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def load_mnist1d(cache_dir: str | os.PathLike | None = None) -> dict[str, np.ndarray]:
    """MNIST-1D train/test arrays, generated once and then read from the cache.

    Args:
        cache_dir: folder holding ``mnist1d.npz``; defaults to ``<repo>/.cache``. A missing,
            unreadable or malformed cache file is (re)generated.

    Returns:
        A dict with ``x`` (float32, ``(4000, 40)``), ``y`` (int32 labels 0-9, ``(4000,)``),
        ``x_test`` (float32, ``(1000, 40)``) and ``y_test`` (int32, ``(1000,)``).
    """
    path = Path(cache_dir if cache_dir is not None else DEFAULT_CACHE_DIR) / CACHE_FILE_NAME
    data = _read_cache(path)
    if data is None:
        data = generate_mnist1d()
        _write_cache(path, data)
    return data
