"""Every metric against Keras 3, accumulated over several weighted batches; jit parity."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import metrics
from lamina.core.masking import set_mask

keras = pytest.importorskip("keras")
from keras.src.backend import set_keras_mask  # noqa: E402

B, T, C = 4, 3, 5


def _data(kind, shape, rng):
    if kind == "regression":
        return rng.normal(size=shape), rng.normal(size=shape)
    if kind == "positive":
        return rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.1, 3.0, size=shape)
    if kind == "probs":
        logits = rng.normal(size=shape)
        probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        return np.eye(shape[-1])[rng.integers(0, shape[-1], size=shape[:-1])], probs
    if kind == "soft":
        a, b = rng.uniform(0.05, 1, size=shape), rng.uniform(0.05, 1, size=shape)
        return a / a.sum(-1, keepdims=True), b / b.sum(-1, keepdims=True)
    if kind == "logits":
        return _data("probs", shape, rng)[0], 3 * rng.normal(size=shape)
    if kind == "binary":
        return rng.integers(0, 2, size=shape), rng.uniform(0.01, 0.99, size=shape)
    if kind == "binary_logits":
        return rng.integers(0, 2, size=shape), 3 * rng.normal(size=shape)
    if kind == "sparse":
        return rng.integers(0, shape[-1], size=shape[:-1]), _data("probs", shape, rng)[1]
    if kind == "sparse_logits":
        return rng.integers(0, shape[-1], size=shape[:-1]), 3 * rng.normal(size=shape)
    if kind == "labels":
        return rng.integers(0, 3, size=shape), rng.integers(0, 3, size=shape)
    raise AssertionError(kind)


CASES = [
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("RootMeanSquaredError", {}, "regression"),
    ("CosineSimilarity", {}, "regression"),
    ("LogCoshError", {}, "regression"),
    ("Hinge", {}, "binary_logits"),
    ("SquaredHinge", {}, "binary_logits"),
    ("CategoricalHinge", {}, "probs"),
    ("KLDivergence", {}, "soft"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "binary_logits"),
    ("CategoricalCrossentropy", {}, "probs"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, "logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_logits"),
    ("Accuracy", {}, "labels"),
    ("BinaryAccuracy", {}, "binary"),
    ("BinaryAccuracy", {"threshold": 0.7}, "binary"),
    ("CategoricalAccuracy", {}, "probs"),
    ("SparseCategoricalAccuracy", {}, "sparse"),
    ("TopKCategoricalAccuracy", {"k": 2}, "probs"),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
]
IDS = [f"{name}-{kind}-{kw}" for name, kw, kind in CASES]


def _close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=2e-5, atol=2e-6)


def _batches(kind, shape, rng, n=4):
    out = []
    for i in range(n):
        y_true, y_pred = _data(kind, shape, rng)
        weight = None if i % 2 else rng.uniform(0.0, 2.0, size=shape[:1])
        out.append((y_true, y_pred, weight))
    return out


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_accumulated_parity(name, kwargs, kind):
    ours, theirs = getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs)
    assert ours.name == theirs.name
    for y_true, y_pred, weight in _batches(kind, (B, C), np.random.default_rng(0)):
        ours.update_state(y_true, y_pred, sample_weight=weight)
        theirs.update_state(y_true, y_pred, sample_weight=weight)
        _close(ours.result(), theirs.result())
    ours.reset_state()
    theirs.reset_state()
    _close(ours.result(), theirs.result())
    y_true, y_pred, _ = _batches(kind, (B, C), np.random.default_rng(1), n=1)[0]
    _close(ours(y_true, y_pred), theirs(y_true, y_pred))


MASKABLE = [case for case in CASES if case[0] != "RootMeanSquaredError"]


@pytest.mark.parametrize(("name", "kwargs", "kind"), MASKABLE,
                         ids=[i for i, c in zip(IDS, CASES) if c in MASKABLE])
def test_sequence_mask_parity(name, kwargs, kind):
    """Per-timestep values with a (batch, steps) mask on y_pred, weighted and not."""
    ours, theirs = getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs)
    rng = np.random.default_rng(2)
    for i in range(3):
        y_true, y_pred = _data(kind, (B, T, C), rng)
        mask = rng.uniform(size=(B, T)) > 0.3
        weight = rng.uniform(0.0, 2.0, size=(B, T)) if i != 1 else None
        k_pred = jnp.asarray(y_pred, "float32")
        set_keras_mask(k_pred, jnp.asarray(mask))
        theirs.update_state(y_true, k_pred, sample_weight=weight)
        if i == 0:
            ours.update_state(y_true, y_pred, sample_weight=weight, mask=mask)
        else:
            attached = jnp.asarray(y_pred, "float32")
            set_mask(attached, jnp.asarray(mask))
            ours.update_state(y_true, attached, sample_weight=weight)
        _close(ours.result(), theirs.result())


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_stateless_update_under_jit_equals_stateful(name, kwargs, kind):
    metric = getattr(metrics, name)(**kwargs)
    reference = getattr(metrics, name)(**kwargs)
    batches = _batches(kind, (B, C), np.random.default_rng(3), n=3)

    @jax.jit
    def step(state, y_true, y_pred, weight):
        state = metric.stateless_update_state(state, y_true, y_pred, sample_weight=weight)
        return state, metric.stateless_result(state)

    state = metric.stateless_reset_state()
    for y_true, y_pred, _ in batches:
        weight = np.ones(B) * 0.5
        state, value = step(state, y_true, y_pred, weight)
        reference.update_state(y_true, y_pred, sample_weight=weight)
        _close(value, reference.result())
    assert all(isinstance(v, jax.Array) for v in state)
    # the stateful metric itself was not touched by the pure calls
    _close(metric.result(), metric.stateless_result(metric.stateless_reset_state()))


def test_mean_and_sum_parity():
    rng = np.random.default_rng(4)
    for name in ("Mean", "Sum"):
        ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
        for i in range(4):
            values = rng.normal(size=(B, T))
            weight = [None, rng.uniform(size=(B,)), rng.uniform(size=(B, T)), 2.0][i]
            ours.update_state(values, sample_weight=weight)
            theirs.update_state(values, sample_weight=weight)
            _close(ours.result(), theirs.result())
        ours.update_state(3.0)
        theirs.update_state(3.0)
        _close(ours.result(), theirs.result())


@pytest.mark.parametrize("fn", ["binary_accuracy", "categorical_accuracy",
                                "sparse_categorical_accuracy", "top_k_categorical_accuracy",
                                "sparse_top_k_categorical_accuracy"])
def test_accuracy_functions_match_keras(fn):
    rng = np.random.default_rng(5)
    kind = {"binary_accuracy": "binary", "sparse_categorical_accuracy": "sparse",
            "sparse_top_k_categorical_accuracy": "sparse"}.get(fn, "probs")
    for shape in [(B, C), (B, T, C)]:
        y_true, y_pred = _data(kind, shape, rng)
        _close(getattr(metrics, fn)(y_true, y_pred), getattr(keras.metrics, fn)(y_true, y_pred))
    y_true, y_pred = _data("labels", (B,), rng)
    _close(metrics.accuracy(y_true, y_pred), (y_true == y_pred).astype("float32"))


def test_sparse_top_k_from_sorted_ids():
    ids = np.array([[2, 0, 1], [1, 2, 0], [0, 1, 2]])
    labels = np.array([0, 0, 1])
    ours = metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    theirs = keras.metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    _close(ours(labels, ids), theirs(labels, ids))
    _close(ours(labels[:, None], ids), theirs(labels[:, None], ids))
    assert ours.get_config()["from_sorted_ids"] is True


def test_sparse_crossentropy_ignore_class_metric():
    rng = np.random.default_rng(6)
    labels = rng.integers(0, C, size=(B, T))
    labels[0, :2] = -1
    logits = rng.normal(size=(B, T, C)).astype("float32")
    ours = metrics.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    theirs = keras.metrics.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    for weight in (None, rng.uniform(size=(B, T)).astype("float32")):
        ours.update_state(labels, logits, sample_weight=weight)
        theirs.update_state(labels, logits, sample_weight=weight)
        _close(ours.result(), theirs.result())
