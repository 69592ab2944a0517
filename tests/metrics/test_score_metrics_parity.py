"""IoU family, F-scores, R2 and correlation metrics against Keras 3.

Each metric is accumulated over several batches with sample weights (and without) and
compared after every batch; the stateless forms are checked under jit.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import metrics
from lamina.core.masking import set_mask

keras = pytest.importorskip("keras")

B, C = 6, 4


@pytest.fixture(autouse=True)
def _fresh_keras_names():
    keras.backend.clear_session()


def _close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)


def _data(kind, rng, shape=(B, C)):
    if kind == "sparse":  # class ids, some outside [0, C) and some equal to 0
        labels = rng.integers(0, C, size=shape[:1] + (3,))
        preds = rng.integers(0, C, size=shape[:1] + (3,))
        labels[0, 0], preds[1, 1] = C, -1
        return labels, preds
    if kind == "binary_scores":
        return rng.integers(0, 2, size=(shape[0], 3)), rng.uniform(size=(shape[0], 3))
    if kind == "one_hot":
        labels = np.eye(C)[rng.integers(0, C, size=shape[:1] + (3,))]
        return labels, rng.uniform(size=shape[:1] + (3, C))
    if kind == "one_hot_sparse_pred":
        labels = np.eye(C)[rng.integers(0, C, size=shape[:1] + (3,))]
        return labels, rng.integers(0, C, size=shape[:1] + (3,))
    if kind == "multilabel":
        return rng.integers(0, 2, size=shape), rng.uniform(size=shape)
    if kind == "regression":
        y_true = rng.normal(size=shape)
        return y_true, y_true + 0.5 * rng.normal(size=shape)
    raise AssertionError(kind)


def _batches(kind, rng, weights=("sample", None, "sample"), n=3):
    out = []
    for i in range(n):
        y_true, y_pred = _data(kind, rng)
        weight = weights[i % len(weights)]
        if weight == "sample":
            weight = rng.uniform(0.1, 2.0, size=(B,))
        elif weight == "int_entry":
            weight = rng.integers(0, 3, size=y_true.shape[:2]).astype("float32")
        elif weight == "entry":
            weight = rng.uniform(0.1, 2.0, size=y_true.shape[:2])
        out.append((y_true, y_pred, weight))
    return out


def _parity(name, kwargs, batches):
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    assert ours.name == theirs.name
    for y_true, y_pred, weight in batches:
        ours.update_state(y_true, y_pred, sample_weight=weight)
        theirs.update_state(y_true, y_pred, sample_weight=weight)
        _close(ours.result(), theirs.result())
    assert len(ours.variables) == len(theirs.variables)
    assert [v.shape for v in ours.variables] == [tuple(v.shape) for v in theirs.variables]
    assert ours.get_config() == theirs.get_config()
    ours.reset_state()
    theirs.reset_state()
    y_true, y_pred, _ = batches[0]
    _close(ours(y_true, y_pred), theirs(y_true, y_pred))


IOU_CASES = [
    ("MeanIoU", {"num_classes": C}, "sparse", ("int_entry", None)),
    ("MeanIoU", {"num_classes": C, "dtype": "float32"}, "sparse", ("entry", None)),
    ("MeanIoU", {"num_classes": C, "ignore_class": 0, "dtype": "float32"}, "sparse",
     ("entry",)),
    ("IoU", {"num_classes": C, "target_class_ids": [0, 2]}, "sparse", ("int_entry", None)),
    ("IoU", {"num_classes": C, "target_class_ids": [1], "sparse_y_true": False,
             "sparse_y_pred": False, "dtype": "float32"}, "one_hot", ("entry", None)),
    ("BinaryIoU", {}, "binary_scores", ("int_entry", None)),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3, "dtype": "float32"},
     "binary_scores", ("entry",)),
    ("OneHotIoU", {"num_classes": C, "target_class_ids": [0, 3]}, "one_hot", (None,)),
    ("OneHotIoU", {"num_classes": C, "target_class_ids": [2], "sparse_y_pred": True,
                   "dtype": "float32"}, "one_hot_sparse_pred", ("entry", None)),
    ("OneHotMeanIoU", {"num_classes": C, "ignore_class": 1, "dtype": "float32"}, "one_hot",
     ("entry", None)),
]


@pytest.mark.parametrize(("name", "kwargs", "kind", "weights"), IOU_CASES, ids=str)
def test_iou_parity(name, kwargs, kind, weights):
    _parity(name, kwargs, _batches(kind, np.random.default_rng(0), weights))


FSCORE_CASES = [
    ("F1Score", {}), ("F1Score", {"average": "micro"}), ("F1Score", {"average": "macro"}),
    ("F1Score", {"average": "weighted", "threshold": 0.4}),
    ("FBetaScore", {"beta": 2.0}), ("FBetaScore", {"beta": 0.5, "average": "weighted"}),
    ("FBetaScore", {"beta": 1.5, "threshold": 0.6, "average": "micro"}),
]


@pytest.mark.parametrize(("name", "kwargs"), FSCORE_CASES, ids=str)
def test_fscore_parity(name, kwargs):
    _parity(name, kwargs, _batches("multilabel", np.random.default_rng(1)))


R2_CASES = [
    {}, {"class_aggregation": None}, {"class_aggregation": "variance_weighted_average"},
    {"num_regressors": 3}, {"num_regressors": 2, "class_aggregation": None},
]


@pytest.mark.parametrize("kwargs", R2_CASES, ids=str)
def test_r2_parity(kwargs):
    batches = _batches("regression", np.random.default_rng(2), ("sample", None, "entry"))
    batches = [(t, p, w if w is None or w.shape != (B, 3) else np.abs(t) + 0.1)
               for t, p, w in batches]
    _parity("R2Score", kwargs, batches)


def test_r2_single_output_and_too_many_regressors():
    rng = np.random.default_rng(3)
    y_true = rng.normal(size=(B,))
    y_pred = y_true + rng.normal(size=(B,))
    ours, theirs = metrics.R2Score(), keras.metrics.R2Score()
    ours.update_state(y_true[:, None], y_pred)
    theirs.update_state(y_true[:, None], y_pred)
    _close(ours.result(), theirs.result())
    many = metrics.R2Score(num_regressors=10)
    many.update_state(y_true[:, None], y_pred[:, None])
    with pytest.warns(UserWarning, match="regressors"):
        _close(many.result(), ours.result())


CORRELATION_CASES = [("PearsonCorrelation", {}), ("ConcordanceCorrelation", {}),
                     ("PearsonCorrelation", {"axis": 0}),
                     ("ConcordanceCorrelation", {"axis": 0})]


@pytest.mark.parametrize(("name", "kwargs"), CORRELATION_CASES, ids=str)
def test_correlation_parity(name, kwargs):
    weights = (None,) if kwargs.get("axis") == 0 else ("sample", None)
    _parity(name, kwargs, _batches("regression", np.random.default_rng(4), weights))


@pytest.mark.parametrize("fn", ["pearson_correlation", "concordance_correlation"])
def test_correlation_functions_match_keras(fn):
    y_true, y_pred = _data("regression", np.random.default_rng(5))
    _close(getattr(metrics, fn)(y_true, y_pred), getattr(keras.metrics, fn)(y_true, y_pred))
    _close(getattr(metrics, fn)(y_true, y_pred, axis=0),
           getattr(keras.metrics, fn)(y_true, y_pred, axis=0))


JIT_CASES = [
    ("MeanIoU", {"num_classes": C}, "sparse"),
    ("OneHotIoU", {"num_classes": C, "target_class_ids": [1, 2], "dtype": "float32"},
     "one_hot"),
    ("BinaryIoU", {"dtype": "float32"}, "binary_scores"),
    ("F1Score", {"average": "macro"}, "multilabel"),
    ("FBetaScore", {"beta": 2.0}, "multilabel"),
    ("R2Score", {"num_regressors": 1}, "regression"),
    ("PearsonCorrelation", {}, "regression"),
]


@pytest.mark.parametrize(("name", "kwargs", "kind"), JIT_CASES, ids=str)
def test_stateless_update_under_jit_equals_stateful(name, kwargs, kind):
    metric = getattr(metrics, name)(**kwargs)
    reference = getattr(metrics, name)(**kwargs)
    batches = _batches(kind, np.random.default_rng(6), (None,))
    # metrics whose state depends on the data's shape are built from the shapes first
    if not getattr(metric, "built", True):
        metric.build(np.shape(batches[0][0]), np.shape(batches[0][1]))

    @jax.jit
    def step(state, y_true, y_pred, weight):
        state = metric.stateless_update_state(state, y_true, y_pred, sample_weight=weight)
        return state, metric.stateless_result(state)

    state = metric.stateless_reset_state()
    weight = np.linspace(0.0, 2.0, B).round()
    for y_true, y_pred, _ in batches:
        state, value = step(state, y_true, y_pred, weight)
        reference.update_state(y_true, y_pred, sample_weight=weight)
        _close(value, reference.result())


def test_lazily_built_metrics_refuse_an_unbuilt_stateless_update():
    from lamina.core.scopes import StatelessScope

    for metric in (metrics.F1Score(), metrics.R2Score()):
        assert not metric.built
        with pytest.raises(RuntimeError, match="build"), StatelessScope():
            metric.update_state(np.zeros((2, 3)), np.zeros((2, 3)))
        metric.build((2, 3), (2, 3))
        assert metric.built and len(metric.variables) == 4 + isinstance(
            metric, metrics.R2Score)
    single = metrics.R2Score()
    single.build((5,), (5, 1))
    assert [v.shape for v in single.variables] == [(), (1,), (1,), (1,), (1,)]
    with pytest.raises(ValueError, match="batch, num_outputs"):
        metrics.R2Score().build((5,), (5,))


@pytest.mark.parametrize(("name", "kwargs", "kind"), [
    ("MeanIoU", {"num_classes": C, "dtype": "float32"}, "sparse"),
    ("F1Score", {"average": "weighted"}, "multilabel"),
    ("R2Score", {}, "regression"),
    ("ConcordanceCorrelation", {}, "regression"),
])
def test_masked_samples_with_nan_equal_dropped_samples(name, kwargs, kind):
    rng = np.random.default_rng(7)
    y_true, y_pred = _data(kind, rng)
    y_true, y_pred = y_true.astype("float32"), y_pred.astype("float32")
    keep = np.array([True, False, True, True, False, True])
    dirty_true, dirty_pred = y_true.copy(), y_pred.copy()
    dirty_true[~keep], dirty_pred[~keep] = np.nan, np.nan
    masked, reference = getattr(metrics, name)(**kwargs), getattr(metrics, name)(**kwargs)
    masked.update_state(dirty_true, dirty_pred, mask=keep)
    reference.update_state(y_true[keep], y_pred[keep])
    _close(masked.result(), reference.result())
    attached = metrics.get({"class_name": name, "config": masked.get_config()})
    pred = jnp.asarray(dirty_pred)
    set_mask(pred, jnp.asarray(keep))
    attached.update_state(dirty_true, pred)
    _close(attached.result(), reference.result())


def test_iou_per_sample_weight_is_broadcast_over_pixels():
    """lamina extension: (batch,) weights for (batch, pixels) labels."""
    rng = np.random.default_rng(8)
    y_true, y_pred = _data("sparse", rng)
    weight = rng.integers(1, 3, size=(B,)).astype("float32")
    ours = metrics.MeanIoU(C)
    ours.update_state(y_true, y_pred, sample_weight=weight)
    theirs = keras.metrics.MeanIoU(C)
    theirs.update_state(y_true, y_pred, sample_weight=np.broadcast_to(weight[:, None], (B, 3)))
    _close(ours.result(), theirs.result())
    with pytest.warns(UserWarning, match="truncated"):
        metrics.MeanIoU(C).update_state(y_true, y_pred, sample_weight=weight / 3)


@pytest.mark.parametrize(("factory", "match"), [
    (lambda: metrics.IoU(3, target_class_ids=[3]), "target_class_ids"),
    (lambda: metrics.FBetaScore(beta=2), "beta"),
    (lambda: metrics.F1Score(average="binary"), "average"),
    (lambda: metrics.F1Score(threshold=1.5), "threshold"),
    (lambda: metrics.R2Score(class_aggregation="median"), "class_aggregation"),
    (lambda: metrics.R2Score(num_regressors=-1), "num_regressors"),
])
def test_invalid_arguments_teach(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


@pytest.mark.parametrize(("name", "kwargs"), [
    ("MeanIoU", {"num_classes": 3}), ("IoU", {"num_classes": 3, "target_class_ids": [1]}),
    ("BinaryIoU", {}), ("OneHotIoU", {"num_classes": 3, "target_class_ids": [0]}),
    ("OneHotMeanIoU", {"num_classes": 3}), ("F1Score", {}), ("FBetaScore", {}),
    ("R2Score", {}), ("PearsonCorrelation", {}), ("ConcordanceCorrelation", {}),
])
def test_config_matches_keras_and_round_trips(name, kwargs):
    ours, theirs = getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    rebuilt = metrics.deserialize(metrics.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
