"""The MNIST-1D demo's pieces: the cached data helper and a 1-epoch smoke fit of its MLP."""

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def _load_example(name, monkeypatch):
    """Import ``examples/<name>.py`` (examples/ is not a package; the demo imports its helper
    by plain name, so the folder goes on sys.path for the test's duration)."""
    monkeypatch.syspath_prepend(str(EXAMPLES_DIR))
    spec = importlib.util.spec_from_file_location(name, EXAMPLES_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mnist1d_cache(tmp_path_factory):
    """One generated dataset cache shared by this file's tests."""
    return tmp_path_factory.mktemp("mnist1d_cache")


def test_mnist1d_data_is_generated_then_cached(mnist1d_cache, monkeypatch):
    pytest.importorskip("mnist1d")
    data_module = _load_example("_mnist1d_data", monkeypatch)

    data = data_module.load_mnist1d(cache_dir=mnist1d_cache)
    assert sorted(data) == ["x", "x_test", "y", "y_test"]
    assert data["x"].shape == (4000, 40) and data["x"].dtype == np.float32
    assert data["x_test"].shape == (1000, 40) and data["x_test"].dtype == np.float32
    assert data["y"].shape == (4000,) and data["y"].dtype == np.int32
    assert data["y_test"].shape == (1000,) and data["y_test"].dtype == np.int32
    assert set(np.unique(data["y"])) == set(range(10))
    assert (mnist1d_cache / "mnist1d.npz").is_file()

    # The second call reads the cache and must not regenerate.
    def _no_generation():
        raise AssertionError("load_mnist1d regenerated the data despite a valid cache")

    monkeypatch.setattr(data_module, "generate_mnist1d", _no_generation)
    cached = data_module.load_mnist1d(cache_dir=mnist1d_cache)
    for key, value in data.items():
        np.testing.assert_array_equal(cached[key], value)


def test_mnist1d_corrupt_cache_is_regenerated(tmp_path, monkeypatch):
    data_module = _load_example("_mnist1d_data", monkeypatch)
    (tmp_path / "mnist1d.npz").write_bytes(b"not an npz file")
    fake = {
        "x": np.zeros((4000, 40), np.float32),
        "y": np.zeros((4000,), np.int32),
        "x_test": np.zeros((1000, 40), np.float32),
        "y_test": np.zeros((1000,), np.int32),
    }
    monkeypatch.setattr(data_module, "generate_mnist1d", lambda: fake)
    data = data_module.load_mnist1d(cache_dir=tmp_path)
    assert data is fake
    reread = data_module.load_mnist1d(cache_dir=tmp_path)
    np.testing.assert_array_equal(reread["x"], fake["x"])


@pytest.mark.slow
def test_mnist1d_demo_one_epoch_smoke(mnist1d_cache, monkeypatch):
    pytest.importorskip("mnist1d")
    data_module = _load_example("_mnist1d_data", monkeypatch)
    demo = _load_example("mnist1d_demo", monkeypatch)
    data = data_module.load_mnist1d(cache_dir=mnist1d_cache)
    x, y = data["x"][:256], data["y"][:256]

    demo.keras.utils.set_random_seed(0)
    model = demo.compile_mlp(demo.build_mlp(hidden_units=32))
    assert tuple(model.output_shape) == (None, 10)
    history = model.fit(x, y, batch_size=64, epochs=1, validation_split=0.25, verbose=0)

    assert history.epoch == [0]
    assert history.params["epochs"] == 1
    assert history.params["steps"] == 3  # 192 training samples in batches of 64
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    for key, values in history.history.items():
        assert len(values) == 1, key
        assert math.isfinite(float(values[0])), key
    for key in ("accuracy", "val_accuracy"):
        assert 0.0 <= float(history.history[key][0]) <= 1.0

    loss, accuracy = model.evaluate(data["x_test"][:100], data["y_test"][:100], verbose=0)
    assert math.isfinite(float(loss)) and 0.0 <= float(accuracy) <= 1.0
