"""Property: a padded + masked batch gives what each sequence gives unpadded.

For random lengths and random padding values (NaN and Inf included), checked for
``MultiHeadAttention`` and ``GlobalAveragePooling1D`` (and ``GlobalMaxPooling1D``) outputs,
and for the loss and metric values ``evaluate`` reports on a small compiled model.
Shapes are fixed (batch 3, at most 5 steps) so every shape compiles once.
"""

import functools

import jax
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lamina
from lamina.layers import (
    Dense,
    Embedding,
    GlobalAveragePooling1D,
    GlobalMaxPooling1D,
    Input,
    MultiHeadAttention,
)

BATCH, STEPS, FEATURES = 3, 5, 3
PAD_VALUES = [np.nan, np.inf, -np.inf, 1e30, 0.0, -7.0]
SETTINGS = settings(deadline=None, max_examples=12, derandomize=True)


@st.composite
def padded(draw, features=FEATURES):
    """``(x, mask, lengths)``: random data, padded after each length with random junk."""
    lengths = draw(st.lists(st.integers(1, STEPS), min_size=BATCH, max_size=BATCH))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.normal(size=(BATCH, STEPS, features)).astype("float32")
    mask = np.arange(STEPS)[None, :] < np.array(lengths)[:, None]
    junk = rng.choice(PAD_VALUES, size=x.shape).astype("float32")
    x[~mask] = junk[~mask]
    return x, mask, lengths


def _close(a, b, tol=1e-5):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=tol, atol=tol)


@pytest.fixture(scope="module")
def mha():
    """A jitted pure call of one MultiHeadAttention (one compile per shape, not per op)."""
    layer = MultiHeadAttention(2, 4, seed=0)
    layer(np.zeros((1, 1, FEATURES), "float32"))
    weights = [w.value for w in layer.trainable_variables]

    @functools.partial(jax.jit, static_argnames=("use_causal_mask",))
    def run(query, value=None, **kwargs):
        return layer.stateless_call(weights, [], query, value, **kwargs)[0]

    return run


@SETTINGS
@given(query=padded(), value=padded(), causal=st.booleans())
def test_multi_head_attention_padded_equals_unpadded(mha, query, value, causal):
    (q, q_mask, q_len), (v, v_mask, v_len) = query, value
    if causal:  # causal self-attention: value = query
        v, v_mask, v_len = q, q_mask, q_len
    out = np.asarray(mha(q, v, query_mask=q_mask, value_mask=v_mask, use_causal_mask=causal))
    assert np.all(np.isfinite(out))
    for i in range(BATCH):
        alone = mha(q[i:i + 1, :q_len[i]], v[i:i + 1, :v_len[i]], use_causal_mask=causal)
        _close(out[i, :q_len[i]], np.asarray(alone)[0])
    if causal:  # the same through mask= (self-attention on one input)
        _close(np.asarray(mha(q, mask=q_mask, use_causal_mask=True))[q_mask], out[q_mask])


@SETTINGS
@given(batch=padded(), keepdims=st.booleans())
def test_global_pooling_1d_padded_equals_unpadded(batch, keepdims):
    x, mask, lengths = batch
    for cls in (GlobalAveragePooling1D, GlobalMaxPooling1D):
        layer = cls(keepdims=keepdims)
        out = np.asarray(layer(x, mask=mask))
        for i in range(BATCH):
            _close(out[i], np.asarray(layer(x[i:i + 1, :lengths[i]]))[0])


def _pooled_model():
    """Features + explicit mask input -> self-attention -> masked average -> Dense."""
    features = Input((None, FEATURES))
    mask = Input((None,), dtype="bool")
    attended = MultiHeadAttention(2, 4, seed=1)(features, features, query_mask=mask,
                                                  value_mask=mask)
    pooled = GlobalAveragePooling1D()(attended, mask=mask)
    model = lamina.Model([features, mask], Dense(1)(pooled))
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model


def _sequence_model():
    """Token ids -> Embedding(mask_zero) -> self-attention -> per-step Dense (mask kept)."""
    ids = Input((None,), dtype="int32")
    embedded = Embedding(7, FEATURES, mask_zero=True)(ids)
    attended = MultiHeadAttention(2, 4, seed=2)(embedded, embedded)
    model = lamina.Model(ids, Dense(1)(attended))
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    return model


@pytest.fixture(scope="module")
def models():
    return _pooled_model(), _sequence_model()


def _evaluate(model, x, y):
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    return np.array([logs["loss"], logs["mae"]])


@SETTINGS
@given(batch=padded(), seed=st.integers(0, 2**32 - 1))
def test_loss_and_metrics_of_padded_batch_equal_unpadded_sequences(models, batch, seed):
    pooled_model, sequence_model = models
    x, mask, lengths = batch
    rng = np.random.default_rng(seed)

    # Sequence-level targets: the batch values are the mean of the per-sequence values.
    y = rng.normal(size=(BATCH, 1)).astype("float32")
    padded_logs = _evaluate(pooled_model, [x, mask], y)
    alone = [_evaluate(pooled_model, [x[i:i + 1, :n], np.ones((1, n), bool)], y[i:i + 1])
             for i, n in enumerate(lengths)]
    _close(padded_logs, np.mean(alone, axis=0), tol=1e-4)

    # Step-level targets: masked steps are left out, so valid steps weigh the same.
    ids = np.where(mask, rng.integers(1, 7, size=mask.shape), 0).astype("int32")
    y = rng.normal(size=(BATCH, STEPS, 1)).astype("float32")
    y[~mask] = np.nan  # the loss must never read a padded target either
    padded_logs = _evaluate(sequence_model, ids, y)
    alone = [_evaluate(sequence_model, ids[i:i + 1, :n], y[i:i + 1, :n])
             for i, n in enumerate(lengths)]
    expected = np.average(alone, axis=0, weights=lengths)
    _close(padded_logs, expected, tol=1e-4)
