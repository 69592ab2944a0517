"""NaN/Inf in masked positions reaches neither loss values nor gradients."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import losses
from lamina.core.masking import set_mask

B, T, C = 3, 4, 5

ALL_LOSSES = [
    (losses.MeanSquaredError, {}, "dense"),
    (losses.MeanAbsoluteError, {}, "dense"),
    (losses.MeanAbsolutePercentageError, {}, "dense"),
    (losses.MeanSquaredLogarithmicError, {}, "dense"),
    (losses.CosineSimilarity, {}, "dense"),
    (losses.Huber, {}, "dense"),
    (losses.LogCosh, {}, "dense"),
    (losses.KLDivergence, {}, "dense"),
    (losses.Poisson, {}, "dense"),
    (losses.Hinge, {}, "dense"),
    (losses.SquaredHinge, {}, "dense"),
    (losses.CategoricalHinge, {}, "dense"),
    (losses.BinaryCrossentropy, {}, "dense"),
    (losses.BinaryCrossentropy, {"from_logits": True}, "dense"),
    (losses.CategoricalCrossentropy, {}, "dense"),
    (losses.CategoricalCrossentropy, {"from_logits": True, "label_smoothing": 0.1}, "dense"),
    (losses.SparseCategoricalCrossentropy, {}, "sparse"),
    (losses.SparseCategoricalCrossentropy, {"from_logits": True}, "sparse"),
]
IDS = [f"{cls.__name__}-{kw}" for cls, kw, _ in ALL_LOSSES]


def _batch(kind, rng):
    probs = rng.uniform(0.05, 1.0, size=(B, T, C))
    probs = probs / probs.sum(-1, keepdims=True)
    if kind == "sparse":
        y_true = rng.integers(0, C, size=(B, T)).astype("float32")
    else:
        y_true = np.eye(C)[rng.integers(0, C, size=(B, T))].astype("float32")
    return y_true, probs.astype("float32")


@pytest.mark.parametrize(("cls", "kwargs", "kind"), ALL_LOSSES, ids=IDS)
def test_nan_in_padding_reaches_neither_value_nor_gradient(cls, kwargs, kind):
    rng = np.random.default_rng(0)
    y_true, y_pred = _batch(kind, rng)
    mask = np.ones((B, T), bool)
    mask[0, 2:] = False
    mask[2, 1:] = False
    dirty_pred, dirty_true = y_pred.copy(), y_true.copy()
    dirty_pred[~mask] = np.nan
    dirty_true[~mask] = np.nan
    dirty_pred[2, 3] = np.inf
    dirty_true[0, 3] = -np.inf
    for reduction in ("sum_over_batch_size", "mean_with_sample_weight", None):
        loss = cls(reduction=reduction, **kwargs)
        clean = loss(y_true, y_pred, mask=mask)
        dirty = loss(dirty_true, dirty_pred, mask=mask)
        assert np.all(np.isfinite(np.asarray(dirty)))
        np.testing.assert_allclose(np.asarray(dirty), np.asarray(clean), rtol=1e-6, atol=1e-7)

    loss = cls(**kwargs)

    def total(t, p):
        return loss(t, p, mask=jnp.asarray(mask))

    grad_true, grad_pred = jax.grad(total, argnums=(0, 1))(dirty_true, dirty_pred)
    assert np.all(np.isfinite(np.asarray(grad_pred)))
    assert np.all(np.asarray(grad_pred)[~mask] == 0)
    if kind != "sparse":
        assert np.all(np.isfinite(np.asarray(grad_true)))
    clean_grad = jax.grad(total, argnums=1)(y_true, y_pred)
    np.testing.assert_allclose(np.asarray(grad_pred)[mask], np.asarray(clean_grad)[mask],
                               rtol=1e-5, atol=1e-7)


def test_mask_attached_to_y_pred_is_used_and_explicit_mask_overrides_it():
    rng = np.random.default_rng(1)
    y_true, y_pred = _batch("dense", rng)
    pred = jnp.asarray(y_pred)
    mask = np.ones((B, T), bool)
    mask[1, 1:] = False
    set_mask(pred, jnp.asarray(mask))
    loss = losses.MeanSquaredError()
    np.testing.assert_allclose(loss(y_true, pred), loss(y_true, y_pred, mask=mask))
    everything = np.ones((B, T), bool)
    np.testing.assert_allclose(loss(y_true, pred, mask=everything), loss(y_true, y_pred))


def test_padded_batch_equals_unpadded_sequences():
    """The design property: padding + mask gives the loss of the real steps only."""
    rng = np.random.default_rng(2)
    lengths = [4, 2, 3]
    y_true, y_pred = _batch("dense", rng)
    mask = np.arange(T)[None, :] < np.asarray(lengths)[:, None]
    padded_pred = np.where(mask[..., None], y_pred, np.nan)
    loss = losses.CategoricalCrossentropy(reduction="sum_over_batch_size")
    ours = loss(y_true, padded_pred, mask=mask)
    steps_true = np.concatenate([y_true[i, :n] for i, n in enumerate(lengths)])
    steps_pred = np.concatenate([y_pred[i, :n] for i, n in enumerate(lengths)])
    np.testing.assert_allclose(ours, loss(steps_true, steps_pred), rtol=1e-6)


def test_fully_masked_batch_gives_zero_not_nan():
    y_true, y_pred = _batch("dense", np.random.default_rng(3))
    for reduction in ["sum_over_batch_size", "mean", "mean_with_sample_weight", "sum"]:
        value = losses.MeanSquaredError(reduction=reduction)(
            y_true, y_pred, mask=np.zeros((B, T), bool))
        assert float(value) == 0.0


def test_mask_over_the_reduced_axis_is_an_error():
    y_true = np.zeros((B, T), "float32")
    with pytest.raises(ValueError, match="mask has shape"):
        losses.MeanSquaredError()(y_true, y_true, mask=np.ones((B, T), bool))


def test_ignore_class_nan_safe_under_grad():
    labels = jnp.array([[0, 1, -1], [2, -1, -1]])
    logits = jnp.ones((2, 3, 3))
    loss = losses.SparseCategoricalCrossentropy(ignore_class=-1)
    grad = jax.grad(lambda p: loss(labels, p))(logits / 3.0)
    assert np.all(np.isfinite(np.asarray(grad)))
    assert np.all(np.asarray(grad)[np.asarray(labels) == -1] == 0)
