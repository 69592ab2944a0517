"""Masks in metrics: the y_pred mask or mask=, NaN-safe, same numbers as dropping steps."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import metrics
from lamina.core.masking import set_mask

B, T, C = 3, 4, 5

METRICS = [
    (metrics.MeanSquaredError, {}, "dense"),
    (metrics.MeanAbsoluteError, {}, "dense"),
    (metrics.RootMeanSquaredError, {}, "dense"),
    (metrics.CosineSimilarity, {}, "dense"),
    (metrics.LogCoshError, {}, "dense"),
    (metrics.MeanAbsolutePercentageError, {}, "dense"),
    (metrics.MeanSquaredLogarithmicError, {}, "dense"),
    (metrics.KLDivergence, {}, "dense"),
    (metrics.Poisson, {}, "dense"),
    (metrics.Hinge, {}, "dense"),
    (metrics.SquaredHinge, {}, "dense"),
    (metrics.CategoricalHinge, {}, "dense"),
    (metrics.BinaryCrossentropy, {}, "dense"),
    (metrics.CategoricalCrossentropy, {"from_logits": True}, "dense"),
    (metrics.CategoricalCrossentropy, {}, "dense"),
    (metrics.SparseCategoricalCrossentropy, {}, "sparse"),
    (metrics.Accuracy, {}, "dense"),
    (metrics.BinaryAccuracy, {}, "dense"),
    (metrics.CategoricalAccuracy, {}, "dense"),
    (metrics.SparseCategoricalAccuracy, {}, "sparse"),
    (metrics.TopKCategoricalAccuracy, {"k": 2}, "dense"),
    (metrics.SparseTopKCategoricalAccuracy, {"k": 2}, "sparse"),
]
IDS = [f"{cls.__name__}-{kw}" for cls, kw, _ in METRICS]


def _batch(kind, rng):
    probs = rng.uniform(0.05, 1.0, size=(B, T, C))
    probs = (probs / probs.sum(-1, keepdims=True)).astype("float32")
    if kind == "sparse":
        return rng.integers(0, C, size=(B, T)).astype("float32"), probs
    return np.eye(C, dtype="float32")[rng.integers(0, C, size=(B, T))], probs


@pytest.mark.parametrize(("cls", "kwargs", "kind"), METRICS, ids=IDS)
def test_padding_with_nan_equals_unpadded_steps(cls, kwargs, kind):
    rng = np.random.default_rng(0)
    lengths = np.array([4, 1, 3])
    mask = np.arange(T)[None, :] < lengths[:, None]
    padded, reference = cls(**kwargs), cls(**kwargs)
    for use_weight in (False, True):
        y_true, y_pred = _batch(kind, rng)
        weight = rng.uniform(0.5, 2.0, size=(B,)).astype("float32") if use_weight else None
        dirty_true, dirty_pred = y_true.copy(), y_pred.copy()
        dirty_true[~mask] = np.nan
        dirty_pred[~mask] = np.nan
        padded.update_state(dirty_true, dirty_pred, sample_weight=weight, mask=mask)
        steps = [(y_true[i, :n], y_pred[i, :n]) for i, n in enumerate(lengths)]
        steps_weight = None if weight is None else np.repeat(weight, lengths)
        reference.update_state(np.concatenate([s[0] for s in steps]),
                               np.concatenate([s[1] for s in steps]),
                               sample_weight=steps_weight)
        assert np.isfinite(float(padded.result()))
        np.testing.assert_allclose(padded.result(), reference.result(), rtol=1e-5, atol=1e-6)


def test_mask_from_y_pred_under_jit_and_gradient_is_finite():
    metric = metrics.CategoricalCrossentropy()
    rng = np.random.default_rng(1)
    y_true, y_pred = _batch("dense", rng)
    mask = jnp.asarray(np.arange(T)[None, :] < np.array([[2], [4], [1]]))
    y_pred = jnp.where(mask[..., None], jnp.asarray(y_pred), jnp.nan)

    def value(pred):
        set_mask(pred, mask)
        state = metric.stateless_update_state(metric.stateless_reset_state(), y_true, pred)
        return metric.stateless_result(state)

    result = jax.jit(value)(y_pred)
    assert np.isfinite(float(result))
    grad = jax.grad(value)(y_pred)
    assert np.all(np.isfinite(np.asarray(grad)))
    assert np.all(np.asarray(grad)[~np.asarray(mask)] == 0)


def test_masked_metric_errors_for_a_mask_over_the_reduced_axis():
    metric = metrics.MeanSquaredError()
    with pytest.raises(ValueError, match="mask has shape"):
        metric.update_state(np.zeros((B, T)), np.zeros((B, T)), mask=np.ones((B, T), bool))


def test_mean_with_mask_attached_to_values_needs_a_weight_like_keras():
    values = jnp.array([1.0, 2.0, jnp.nan])
    set_mask(values, jnp.array([True, True, False]))
    mean = metrics.Mean()
    mean.update_state(values, sample_weight=jnp.ones(3))
    assert float(mean.result()) == 1.5
