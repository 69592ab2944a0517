"""Property: a padded + masked batch gives what each sequence gives unpadded.

For random lengths, pre- or post-padding per sequence, and padding values including
NaN and huge numbers, LSTM, GRU, SimpleRNN and Bidirectional give, on the padded batch
with its mask:

* the same last output (``return_sequences=False``) as each sequence run unpadded, or
  the same outputs on the valid steps (``return_sequences=True``);
* the same loss and metric values in ``Model.evaluate`` as the unpadded sequences
  (the trainer hands the output mask to the loss and the metrics).
"""

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lamina
from lamina import layers

STEPS, FEATURES, BATCH = 5, 2, 3

MAKERS = {
    "LSTM": lambda seq: layers.LSTM(3, return_sequences=seq),
    "GRU": lambda seq: layers.GRU(3, return_sequences=seq),
    "SimpleRNN": lambda seq: layers.SimpleRNN(3, return_sequences=seq),
    "Bidirectional": lambda seq: layers.Bidirectional(layers.LSTM(2, return_sequences=seq)),
}


class MaskFromFlag(layers.Layer):
    """Test input layer: the last feature flags real steps; the rest passes unchanged."""

    def call(self, inputs):
        return inputs[..., :-1]

    def compute_mask(self, inputs, mask=None):
        return inputs[..., -1] > 0.5


@functools.cache
def _model(name, return_sequences):
    """One compiled model per case, reused by every example (compiles are cached)."""
    lamina.utils.set_random_seed(0)
    inputs = lamina.Input((None, FEATURES + 1))
    hidden = MAKERS[name](return_sequences)(MaskFromFlag()(inputs))
    model = lamina.Model(inputs, layers.Dense(1)(hidden))
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model, lamina.Model(inputs, hidden)


@st.composite
def padded_batches(draw):
    lengths = draw(st.lists(st.integers(1, STEPS), min_size=BATCH, max_size=BATCH))
    pre = draw(st.lists(st.booleans(), min_size=BATCH, max_size=BATCH))
    pad_value = draw(st.sampled_from([0.0, np.nan, 1e6, -3.5]))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    x = np.full((BATCH, STEPS, FEATURES + 1), pad_value, "float32")
    y = np.full((BATCH, STEPS, 1), pad_value, "float32")
    valid = np.zeros((BATCH, STEPS), bool)
    for i, (length, is_pre) in enumerate(zip(lengths, pre)):
        steps = slice(STEPS - length, STEPS) if is_pre else slice(0, length)
        valid[i, steps] = True
    x[..., :FEATURES] = np.where(valid[..., None], rng.standard_normal(
        (BATCH, STEPS, FEATURES)), x[..., :FEATURES])
    x[..., -1] = valid
    y = np.where(valid[..., None], rng.standard_normal((BATCH, STEPS, 1)), y).astype("float32")
    return x.astype("float32"), y, valid


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("name", sorted(MAKERS))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=padded_batches())
def test_padded_masked_batch_equals_unpadded_sequences(name, return_sequences, batch):
    x, y, valid = batch
    model, rnn_only = _model(name, return_sequences)
    padded, padded_rnn = np.asarray(model(x)), np.asarray(rnn_only(x))
    assert np.all(np.isfinite(padded_rnn))
    squared, absolute, count = 0.0, 0.0, 0
    for i in range(BATCH):
        one = x[i : i + 1, valid[i]]  # this sequence, unpadded
        alone, alone_rnn = np.asarray(model(one))[0], np.asarray(rnn_only(one))[0]
        if return_sequences:
            _close(padded_rnn[i][valid[i]], alone_rnn)
            _close(padded[i][valid[i]], alone)
            error = alone - y[i, valid[i]]
        else:
            _close(padded_rnn[i], alone_rnn)
            _close(padded[i], alone)
            error = alone - y[i, valid[i]][-1]
        squared += float(np.sum(error**2))
        absolute += float(np.sum(np.abs(error)))
        count += error.size
    targets = y if return_sequences else np.stack([y[i, valid[i]][-1] for i in range(BATCH)])
    logs = model.evaluate(x, targets, verbose=0, return_dict=True)
    _close(logs["loss"], squared / count)
    _close(logs["mae"], absolute / count)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_training_on_nan_padding_keeps_weights_finite(name):
    model, _ = _model(name, True)
    x, y, _ = _nan_batch()
    before = [w.copy() for w in model.get_weights()]
    model.train_on_batch(x, y)
    after = model.get_weights()
    assert all(np.all(np.isfinite(w)) for w in after)
    assert any(not np.allclose(a, b) for a, b in zip(before, after))


def _nan_batch():
    rng = np.random.default_rng(1)
    valid = np.ones((BATCH, STEPS), bool)
    valid[0, 3:] = False
    valid[1, :2] = False
    x = np.full((BATCH, STEPS, FEATURES + 1), np.nan, "float32")
    x[..., :FEATURES] = np.where(valid[..., None], rng.standard_normal(
        (BATCH, STEPS, FEATURES)), np.nan)
    x[..., -1] = valid
    y = np.where(valid[..., None], 1.0, np.nan).astype("float32")
    return x, y, valid
