"""Focal, generalized, Dice/Tversky, Circle and CTC losses against Keras 3.

Every reduction, with and without sample weights; function forms; configs; masks
(NaN in padding reaches neither the value nor the gradient).
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import losses
from lamina.core.masking import set_mask

keras = pytest.importorskip("keras")

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None]
B, C = 6, 4


def _close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)


def _data(kind, rng):
    if kind == "binary":
        return rng.integers(0, 2, size=(B, C)), rng.uniform(0.01, 0.99, size=(B, C))
    if kind == "binary_logits":
        return rng.integers(0, 2, size=(B, C)), 3 * rng.normal(size=(B, C))
    if kind in ("probs", "logits"):
        labels = np.eye(C)[rng.integers(0, C, size=B)]
        scores = rng.normal(size=(B, C))
        if kind == "probs":
            scores = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
        return labels, 3 * scores if kind == "logits" else scores
    if kind == "sparse_probs":
        return rng.integers(0, C, size=(B,)), _data("probs", rng)[1]
    if kind == "masks":
        return rng.integers(0, 2, size=(B, 3, 3, 2)), rng.uniform(size=(B, 3, 3, 2))
    if kind == "embeddings":
        emb = rng.normal(size=(B, 5))
        return np.array([0, 1, 0, 2, 1, 0]), emb / np.linalg.norm(emb, axis=1, keepdims=True)
    if kind == "ctc":
        labels = np.array([[1, 2, 2, 0], [3, 1, 0, 0], [2, 0, 0, 0], [1, 3, 1, 2],
                           [3, 3, 0, 0], [1, 0, 0, 0]])
        return labels, rng.normal(size=(B, 7, C))
    raise AssertionError(kind)


CASES = [
    ("BinaryFocalCrossentropy", {}, "binary"),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
     "binary"),
    ("BinaryFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.1},
     "binary_logits"),
    ("CategoricalFocalCrossentropy", {}, "probs"),
    ("CategoricalFocalCrossentropy", {"alpha": [0.1, 0.2, 0.3, 0.4], "gamma": 1.0}, "probs"),
    ("CategoricalFocalCrossentropy", {"from_logits": True, "label_smoothing": 0.2}, "logits"),
    ("CategoricalGeneralizedCrossEntropy", {}, "sparse_probs"),
    ("CategoricalGeneralizedCrossEntropy", {"q": 0.2}, "sparse_probs"),
    ("Dice", {"axis": (1, 2, 3)}, "masks"),
    ("Dice", {"axis": (1, 2)}, "masks"),
    ("Dice", {"axis": -1}, "masks"),
    ("Tversky", {"axis": (1, 2, 3)}, "masks"),
    ("Tversky", {"alpha": 0.7, "beta": 0.3, "axis": (1, 2)}, "masks"),
    ("Circle", {}, "embeddings"),
    ("Circle", {"gamma": 10.0, "margin": 0.25, "remove_diagonal": False}, "embeddings"),
    ("CTC", {}, "ctc"),
]
IDS = [f"{name}-{kind}-{kwargs}" for name, kwargs, kind in CASES]


def _pair(name, kwargs, reduction):
    return (getattr(losses, name)(reduction=reduction, **kwargs),
            getattr(keras.losses, name)(reduction=reduction, **kwargs))


@pytest.mark.parametrize(("name", "kwargs", "kind"), CASES, ids=IDS)
def test_batch_parity(name, kwargs, kind):
    rng = np.random.default_rng(0)
    y_true, y_pred = _data(kind, rng)
    probe = getattr(losses, name)(reduction=None, **kwargs)(y_true, y_pred)
    weights = rng.uniform(0.1, 2.0, size=probe.shape)
    # Keras' eager CTC re-traces its scan on every call: two reductions are enough there.
    reductions = REDUCTIONS[::4] if name == "CTC" else REDUCTIONS
    for reduction in reductions:
        ours, theirs = _pair(name, kwargs, reduction)
        _close(ours(y_true, y_pred), theirs(y_true, y_pred))
        _close(ours(y_true, y_pred, sample_weight=weights),
               theirs(y_true, y_pred, sample_weight=weights))


@pytest.mark.parametrize("name", ["Dice", "Tversky"])
def test_whole_batch_overlap_losses(name):
    y_true, y_pred = _data("masks", np.random.default_rng(1))
    for reduction in REDUCTIONS:
        ours, theirs = _pair(name, {}, reduction)
        _close(ours(y_true, y_pred), theirs(y_true, y_pred))
    with pytest.raises(losses.IncompatibleShapesError, match="sample_weight"):
        getattr(losses, name)()(y_true, y_pred, sample_weight=np.ones(B))


FUNCTIONS = [
    ("binary_focal_crossentropy", {"gamma": 3.0, "from_logits": True}, "binary_logits"),
    ("binary_focal_crossentropy", {"apply_class_balancing": True}, "binary"),
    ("categorical_focal_crossentropy", {"alpha": 0.5}, "probs"),
    ("categorical_generalized_cross_entropy", {"q": 0.7}, "sparse_probs"),
    ("dice", {}, "masks"), ("dice", {"axis": (1, 2)}, "masks"),
    ("tversky", {"alpha": 0.2, "beta": 0.8, "axis": (1, 2, 3)}, "masks"),
    ("circle", {"margin": 0.3}, "embeddings"),
    ("ctc", {}, "ctc"),
]


@pytest.mark.parametrize(("fn", "kwargs", "kind"), FUNCTIONS, ids=str)
def test_function_forms_match_keras(fn, kwargs, kind):
    y_true, y_pred = _data(kind, np.random.default_rng(2))
    y_true, y_pred = y_true.astype("float32"), y_pred.astype("float32")
    _close(getattr(losses, fn)(y_true, y_pred, **kwargs),
           getattr(keras.losses, fn)(y_true, y_pred, **kwargs))


def test_circle_with_reference_embeddings():
    rng = np.random.default_rng(3)
    labels, emb = _data("embeddings", rng)
    ref_labels, ref = _data("embeddings", rng)
    kwargs = {"ref_labels": ref_labels[::-1].copy(), "ref_embeddings": ref,
              "remove_diagonal": False}
    _close(losses.circle(labels, emb, **kwargs), keras.losses.circle(labels, emb, **kwargs))


def test_ctc_impossible_alignment_is_large_and_finite_like_keras():
    labels = np.array([[1, 1, 1, 1], [1, 2, 3, 1]])
    logits = np.random.default_rng(4).normal(size=(2, 3, C)).astype("float32")
    ours = losses.ctc(labels, logits)
    _close(ours, keras.losses.ctc(labels, logits))
    assert np.all(np.isfinite(np.asarray(ours))) and np.all(np.asarray(ours) > 1e3)


def test_ctc_step_mask_equals_shorter_inputs():
    """A (batch, steps) mask gives each sequence its length (keras.ops.ctc_loss lengths)."""
    rng = np.random.default_rng(5)
    labels, logits = _data("ctc", rng)
    logits = logits.astype("float32")
    lengths = np.array([7, 5, 3, 6, 4, 7])
    mask = np.arange(7)[None, :] < lengths[:, None]
    label_lengths = (labels != 0).sum(-1)
    expected = keras.ops.ctc_loss(labels, logits, label_lengths, lengths, mask_index=0)
    dirty = logits.copy()
    dirty[~mask] = np.nan
    per_sample = losses.CTC(reduction=None)(labels, dirty, mask=mask)
    _close(per_sample, expected)
    attached = jnp.asarray(dirty)
    set_mask(attached, jnp.asarray(mask))
    _close(losses.CTC()(labels, attached), np.mean(expected))
    rows = np.array([True, False, True, True, True, False])
    _close(losses.CTC(reduction="sum")(labels, logits, mask=rows),
           keras.losses.CTC(reduction=None)(labels, logits)[rows].sum())


def test_ctc_gradient_under_jit_is_finite_with_nan_padding():
    labels, logits = _data("ctc", np.random.default_rng(6))
    mask = np.ones((B, 7), bool)
    mask[2, 4:] = False
    logits = np.where(mask[..., None], logits, np.nan).astype("float32")
    loss = losses.CTC()
    grad = jax.jit(jax.grad(lambda p: loss(labels, p, mask=mask)))(logits)
    assert np.all(np.isfinite(np.asarray(grad)))
    assert np.all(np.asarray(grad)[2, 4:] == 0)


@pytest.mark.parametrize("name", ["Dice", "Tversky"])
def test_overlap_loss_mask_equals_dropping_entries(name):
    rng = np.random.default_rng(7)
    y_true, y_pred = (x.astype("float32") for x in _data("masks", rng))
    mask = rng.uniform(size=(B, 3, 3)) > 0.3
    mask[4] = False  # a fully masked sample
    dirty = np.where(mask[..., None], y_pred, np.nan).astype("float32")
    zeroed_true = np.where(mask[..., None], y_true, 0.0)
    zeroed_pred = np.where(mask[..., None], y_pred, 0.0)
    keep = mask.any(axis=(1, 2))
    loss = getattr(losses, name)(axis=(1, 2, 3))
    reference = getattr(keras.losses, name)(axis=(1, 2, 3), reduction=None)(
        zeroed_true, zeroed_pred)
    _close(loss(y_true, dirty, mask=mask), np.asarray(reference)[keep].mean())
    whole = getattr(losses, name)()(y_true, dirty, mask=mask)
    _close(whole, getattr(keras.losses, name)()(zeroed_true, zeroed_pred))
    grad = jax.grad(lambda p: loss(y_true, p, mask=mask))(jnp.asarray(dirty))
    assert np.all(np.isfinite(np.asarray(grad)))


def test_circle_row_mask_equals_dropping_samples():
    rng = np.random.default_rng(8)
    labels, emb = _data("embeddings", rng)
    keep = np.array([True, True, False, True, True, True])
    dirty = np.where(keep[:, None], emb, np.nan).astype("float32")
    ours = losses.Circle()(labels, dirty, mask=keep)
    _close(ours, keras.losses.Circle()(labels[keep], emb[keep]))
    grad = jax.grad(lambda p: losses.Circle()(labels, p, mask=keep))(jnp.asarray(dirty))
    assert np.all(np.isfinite(np.asarray(grad)))


@pytest.mark.parametrize(("name", "kwargs", "kind"),
                         [c for c in CASES if c[0] not in ("CTC", "Circle")], ids=str)
def test_nan_in_masked_entries_reaches_neither_value_nor_gradient(name, kwargs, kind):
    y_true, y_pred = (x.astype("float32") for x in _data(kind, np.random.default_rng(9)))
    mask = np.ones(y_pred.shape[:1], bool)
    mask[1] = False
    dirty = y_pred.copy()
    dirty[1] = np.nan
    loss = getattr(losses, name)(**kwargs)
    value = loss(y_true, dirty, mask=mask)
    assert np.isfinite(float(value))
    grad = jax.grad(lambda p: loss(y_true, p, mask=mask))(jnp.asarray(dirty))
    assert np.all(np.isfinite(np.asarray(grad)))


def test_circle_gradient_is_finite_when_a_sample_has_no_positive():
    labels = np.array([0, 1, 2, 3, 0, 1])
    _, emb = _data("embeddings", np.random.default_rng(10))
    grad = jax.grad(lambda p: losses.Circle()(labels, p))(jnp.asarray(emb, "float32"))
    assert np.all(np.isfinite(np.asarray(grad)))


NAMES = sorted({name for name, _, _ in CASES})


@pytest.mark.parametrize("name", NAMES)
def test_config_matches_keras_and_round_trips(name):
    ours, theirs = getattr(losses, name)(), getattr(keras.losses, name)()
    assert ours.name == theirs.name
    assert ours.get_config() == theirs.get_config()
    rebuilt = losses.deserialize(losses.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    assert type(losses.get(name)) is type(ours)


@pytest.mark.parametrize(("factory", "error", "match"), [
    (lambda: losses.CategoricalGeneralizedCrossEntropy(q=1.0), ValueError, "q must be"),
    (lambda: losses.ctc(np.zeros((2, 3, 1)), np.zeros((2, 4, 3))), ValueError, "y_true"),
    (lambda: losses.ctc(np.zeros((2, 3)), np.zeros((2, 4))), ValueError, "y_pred"),
    (lambda: losses.binary_focal_crossentropy(np.zeros((3,)), np.zeros((3, 3))), ValueError,
     "y_true has shape"),
    (lambda: losses.categorical_focal_crossentropy([[0, 1]], [[0.5, 0.5]], axis=True),
     ValueError, "axis"),
])
def test_errors_teach(factory, error, match):
    with pytest.raises(error, match=match):
        factory()


def test_under_jit_matches_eager():
    for name, kwargs, kind in CASES:
        y_true, y_pred = _data(kind, np.random.default_rng(11))
        loss = getattr(losses, name)(**kwargs)
        _close(jax.jit(loss)(y_true, y_pred), loss(y_true, y_pred))
