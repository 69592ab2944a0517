"""Smoke test of ``examples/mnist1d_cnn.py``: the paper's CNN builds and fits (random data)."""

import importlib.util
from pathlib import Path

import numpy as np

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"


def test_mnist1d_cnn_builds_and_fits(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLES_DIR))
    spec = importlib.util.spec_from_file_location("mnist1d_cnn", EXAMPLES_DIR / "mnist1d_cnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.compile_cnn(module.build_cnn())
    assert model.count_params() == 150 + 1900 + 1900 + 1260  # the paper's ConvBase
    assert tuple(model.get_layer("conv3").kernel.shape) == (3, 25, 25)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 40)).astype("float32")
    y = rng.integers(0, 10, size=(200,)).astype("int32")
    history = model.fit(x, y, batch_size=100, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][-1])
