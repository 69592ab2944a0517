"""The masked-sequence examples train (few epochs, small data)."""

import importlib.util
import pathlib

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
