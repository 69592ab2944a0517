"""The masked-sequence examples train (few epochs, small data)."""

import importlib.util
import pathlib

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_text_classifier_learns_through_the_mask():
    assert _load("text_classifier").main(epochs=4, verbose=0) > 0.9


@pytest.mark.slow
def test_tagger_learns_with_a_masked_sequence_loss():
    assert _load("sequence_tagging").main(epochs=4, verbose=0) > 0.85


@pytest.mark.slow
def test_mnist1d_demo_gru_model_trains_one_epoch():
    import sys

    sys.path.insert(0, str(EXAMPLES))
    demo = _load("mnist1d_demo")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 40)).astype("float32")
    y = rng.integers(0, 10, size=64)
    model = demo.compile_mlp(demo.build_gru(units=8))
    history = model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    assert np.isfinite(history.history["loss"][0])
