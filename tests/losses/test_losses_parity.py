"""Every loss against Keras 3: each reduction, sample weights, logits, smoothing, masks."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import losses
from lamina.core.masking import set_mask

keras = pytest.importorskip("keras")
from keras.src.backend import set_keras_mask  # noqa: E402

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None]
B, T, C = 4, 3, 5


def _data(kind, shape, rng):
    """(y_true, y_pred) numpy arrays of ``shape`` (class axis last) for a data kind."""
    if kind == "regression":
        return rng.normal(size=shape), rng.normal(size=shape)
    if kind == "positive":
        return rng.uniform(0.5, 2.0, size=shape), rng.uniform(0.1, 3.0, size=shape)
    if kind == "probs":
        labels = rng.integers(0, shape[-1], size=shape[:-1])
        logits = rng.normal(size=shape)
        probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        return np.eye(shape[-1])[labels], probs
    if kind == "soft":
        a, b = rng.uniform(0.05, 1, size=shape), rng.uniform(0.05, 1, size=shape)
        return a / a.sum(-1, keepdims=True), b / b.sum(-1, keepdims=True)
    if kind == "logits":
        labels = rng.integers(0, shape[-1], size=shape[:-1])
        return np.eye(shape[-1])[labels], 3 * rng.normal(size=shape)
    if kind == "binary":
        return rng.integers(0, 2, size=shape), rng.uniform(0.01, 0.99, size=shape)
    if kind == "binary_logits":
        return rng.integers(0, 2, size=shape), 3 * rng.normal(size=shape)
    if kind == "signed":
        return 2 * rng.integers(0, 2, size=shape) - 1, rng.normal(size=shape)
    if kind == "sparse":
        probs = _data("probs", shape, rng)[1]
        return rng.integers(0, shape[-1], size=shape[:-1]), probs
    if kind == "sparse_logits":
        return rng.integers(0, shape[-1], size=shape[:-1]), 3 * rng.normal(size=shape)
    raise AssertionError(kind)


CASES = [
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "positive"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "regression"),
    ("Huber", {}, "regression"),
    ("Huber", {"delta": 0.5}, "regression"),
    ("LogCosh", {}, "regression"),
    ("KLDivergence", {}, "soft"),
    ("Poisson", {}, "positive"),
    ("Hinge", {}, "binary_logits"),
    ("Hinge", {}, "signed"),
    ("SquaredHinge", {}, "signed"),
    ("CategoricalHinge", {}, "probs"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True}, "binary_logits"),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "binary_logits"),
    ("CategoricalCrossentropy", {}, "probs"),
    ("CategoricalCrossentropy", {"from_logits": True}, "logits"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.3}, "probs"),
    ("CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}, "logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_logits"),
]
IDS = [f"{name}-{kind}-{'-'.join(f'{k}={v}' for k, v in kw.items())}" for name, kw, kind in CASES]


def _pair(name, kwargs, reduction):
    return (getattr(losses, name)(reduction=reduction, **kwargs),
            getattr(keras.losses, name)(reduction=reduction, **kwargs))


def _close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_batch_parity(name, kwargs, kind):
    rng = np.random.default_rng(0)
    y_true, y_pred = _data(kind, (B, C), rng)
    weights = rng.uniform(0.0, 2.0, size=(B,))
    for reduction in REDUCTIONS:
        ours, theirs = _pair(name, kwargs, reduction)
        _close(ours(y_true, y_pred), theirs(y_true, y_pred))
        _close(ours(y_true, y_pred, sample_weight=weights),
               theirs(y_true, y_pred, sample_weight=weights))


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_sequence_mask_parity(name, kwargs, kind):
    """Per-timestep losses with a (batch, steps) mask on y_pred, with and without weights."""
    rng = np.random.default_rng(1)
    y_true, y_pred = _data(kind, (B, T, C), rng)
    mask = rng.uniform(size=(B, T)) > 0.35
    mask[0, 0] = True
    weights = rng.uniform(0.0, 2.0, size=(B, T))
    for reduction in REDUCTIONS:
        ours, theirs = _pair(name, kwargs, reduction)
        for sw in (None, weights):
            k_pred = jnp.asarray(y_pred, "float32")
            set_keras_mask(k_pred, jnp.asarray(mask))
            expected = theirs(y_true, k_pred, sample_weight=sw)
            _close(ours(y_true, y_pred, sample_weight=sw, mask=mask), expected)
            attached = jnp.asarray(y_pred, "float32")
            set_mask(attached, jnp.asarray(mask))
            _close(ours(y_true, attached, sample_weight=sw), expected)


@pytest.mark.parametrize("name", ["MeanSquaredError", "BinaryCrossentropy"])
def test_trailing_axis_of_one_is_squeezed_like_keras(name):
    rng = np.random.default_rng(2)
    y_true = rng.integers(0, 2, size=(B,)).astype("float32")
    y_pred = rng.uniform(0.1, 0.9, size=(B, 1))
    for reduction in REDUCTIONS:
        ours, theirs = _pair(name, {}, reduction)
        _close(ours(y_true, y_pred), theirs(y_true, y_pred))
        _close(ours(y_pred, y_true), theirs(y_pred, y_true))
        _close(ours(y_true[:, None], y_pred[:, 0]), theirs(y_true[:, None], y_pred[:, 0]))


def test_sparse_labels_with_trailing_one_and_ignore_class():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, C, size=(B, T, 1))
    labels[0, 1, 0] = -1
    labels[2, 2, 0] = -1
    logits = rng.normal(size=(B, T, C))
    for reduction in REDUCTIONS:
        ours = losses.SparseCategoricalCrossentropy(
            from_logits=True, ignore_class=-1, reduction=reduction)
        theirs = keras.losses.SparseCategoricalCrossentropy(
            from_logits=True, ignore_class=-1, reduction=reduction)
        _close(ours(labels, logits), theirs(labels, logits))
        sw = rng.uniform(size=(B, T))
        _close(ours(labels, logits, sample_weight=sw), theirs(labels, logits, sample_weight=sw))


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_function_forms_match_keras(name, kwargs, kind):
    fn_name = {"Huber": "huber", "LogCosh": "log_cosh", "KLDivergence": "kl_divergence"}.get(
        name)
    if fn_name is None:
        fn_name = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    kwargs = {k: v for k, v in kwargs.items()}
    rng = np.random.default_rng(4)
    y_true, y_pred = _data(kind, (B, C), rng)
    y_true, y_pred = y_true.astype("float32"), y_pred.astype("float32")
    _close(getattr(losses, fn_name)(y_true, y_pred, **kwargs),
           getattr(keras.losses, fn_name)(y_true, y_pred, **kwargs))


def test_loss_under_jit_matches_eager():
    rng = np.random.default_rng(5)
    y_true, y_pred = _data("logits", (B, T, C), rng)
    mask = jnp.asarray(rng.uniform(size=(B, T)) > 0.3)
    loss = losses.CategoricalCrossentropy(from_logits=True)
    jitted = jax.jit(lambda t, p, m: loss(t, p, mask=m))
    _close(jitted(y_true, y_pred, mask), loss(y_true, y_pred, mask=mask))


def test_mask_and_sample_weight_of_batch_shape_for_sequences():
    """lamina extension: (B,) weights for (B, T) losses broadcast over the steps."""
    rng = np.random.default_rng(6)
    y_true, y_pred = _data("regression", (B, T, C), rng)
    weights = rng.uniform(size=(B,))
    ours = losses.MeanSquaredError()(y_true, y_pred, sample_weight=weights)
    full = np.broadcast_to(weights[:, None], (B, T))
    _close(ours, keras.losses.MeanSquaredError()(y_true, y_pred, sample_weight=full))


def test_default_names_and_dtype():
    assert losses.MeanSquaredError().name == "mean_squared_error"
    assert losses.Huber().name == "huber_loss"
    assert losses.BinaryCrossentropy().dtype == "float32"
    assert losses.MeanSquaredError(dtype="float64").dtype == "float64"
    assert losses.MeanSquaredError(dtype="mixed_bfloat16").dtype == "bfloat16"
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="avg")
