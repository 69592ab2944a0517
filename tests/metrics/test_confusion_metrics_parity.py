"""Threshold metrics (counts, precision/recall, constrained rates, AUC) against Keras 3.

Every metric is accumulated over several batches (weighted per sample, per entry and
unweighted) and compared after each batch; the stateless forms are checked under jit.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import metrics

keras = pytest.importorskip("keras")

B, C = 6, 4


@pytest.fixture(autouse=True)
def _fresh_keras_names():
    keras.backend.clear_session()


def _close(ours, theirs):
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-6)


def _scores(rng, shape, kind):
    if kind == "logits":
        return 3 * rng.normal(size=shape)
    scores = rng.uniform(size=shape)
    # values on and beyond the thresholds exercise the edge rules
    flat = scores.reshape(-1)
    flat[:4] = [0.0, 0.5, 1.0, 0.25]
    return scores


def _batches(rng, shape=(B, C), kind="probs", weights=("sample", None, "entry", None), n=4):
    out = []
    for i in range(n):
        y_true = rng.integers(0, 2, size=shape)
        y_pred = _scores(rng, shape, kind)
        weight = weights[i % len(weights)]
        if weight == "sample":
            weight = rng.uniform(0.0, 2.0, size=shape[:1])
        elif weight == "entry":
            weight = rng.uniform(0.0, 2.0, size=shape)
        out.append((y_true, y_pred, weight))
    return out


def _parity(name, kwargs, batches):
    ours = getattr(metrics, name)(**kwargs)
    theirs = getattr(keras.metrics, name)(**kwargs)
    assert ours.name == theirs.name
    assert len(ours.variables) == len(theirs.variables)
    for y_true, y_pred, weight in batches:
        ours.update_state(y_true, y_pred, sample_weight=weight)
        theirs.update_state(y_true, y_pred, sample_weight=weight)
        _close(ours.result(), theirs.result())
    ours.reset_state()
    theirs.reset_state()
    _close(ours.result(), theirs.result())
    y_true, y_pred, _ = batches[0]
    _close(ours(y_true, y_pred), theirs(y_true, y_pred))


COUNTS = ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives"]
THRESHOLDS = [None, 0.3, [0.0, 0.5, 1.0], [0.1, 0.35, 0.9], [0.0, 0.25, 0.5, 0.75, 1.0]]


@pytest.mark.parametrize("name", COUNTS)
@pytest.mark.parametrize("thresholds", THRESHOLDS, ids=str)
def test_counts_parity(name, thresholds):
    _parity(name, {"thresholds": thresholds}, _batches(np.random.default_rng(0)))


RATIO_CASES = [
    {}, {"thresholds": [0.0, 0.5, 1.0]}, {"thresholds": [0.2, 0.6]}, {"thresholds": 0.7},
    {"top_k": 2}, {"top_k": 1, "thresholds": [0.1, 0.4]}, {"class_id": 2},
    {"class_id": 1, "top_k": 2}, {"class_id": 0, "thresholds": [0.0, 0.5, 1.0]},
]


@pytest.mark.parametrize("name", ["Precision", "Recall"])
@pytest.mark.parametrize("kwargs", RATIO_CASES, ids=str)
def test_precision_recall_parity(name, kwargs):
    # Keras cannot slice per-entry weights with class_id; use per-sample weights there.
    weights = ("sample", None) if "class_id" in kwargs else ("sample", None, "entry")
    _parity(name, kwargs, _batches(np.random.default_rng(1), weights=weights))


def test_precision_on_sequences_and_rank_one_inputs():
    rng = np.random.default_rng(2)
    _parity("Precision", {}, _batches(rng, shape=(B, 3, C), weights=("entry", None)))
    _parity("Recall", {"thresholds": [0.0, 0.5, 1.0]}, _batches(rng, shape=(B,)))


def test_per_sample_weights_cover_every_step():
    """lamina extension: (batch,) weights for (batch, steps, classes) inputs."""
    rng = np.random.default_rng(8)
    for name in ("Precision", "AUC", "FalsePositives"):
        ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
        for y_true, y_pred, _ in _batches(rng, shape=(B, 3, C), n=2):
            weight = rng.uniform(size=(B,))
            ours.update_state(y_true, y_pred, sample_weight=weight)
            full = np.broadcast_to(weight[:, None, None], y_pred.shape)
            theirs.update_state(y_true, y_pred, sample_weight=full)
            _close(ours.result(), theirs.result())


CONSTRAINED = [
    ("SensitivityAtSpecificity", {"specificity": 0.6}),
    ("SensitivityAtSpecificity", {"specificity": 0.8, "num_thresholds": 7}),
    ("SpecificityAtSensitivity", {"sensitivity": 0.5}),
    ("SpecificityAtSensitivity", {"sensitivity": 0.4, "num_thresholds": 1}),
    ("PrecisionAtRecall", {"recall": 0.7}),
    ("PrecisionAtRecall", {"recall": 0.5, "class_id": 1}),
    ("RecallAtPrecision", {"precision": 0.6}),
    ("RecallAtPrecision", {"precision": 0.9, "num_thresholds": 11, "class_id": 3}),
]


@pytest.mark.parametrize(("name", "kwargs"), CONSTRAINED, ids=str)
def test_constrained_rates_parity(name, kwargs):
    weights = ("sample", None) if "class_id" in kwargs else ("sample", None, "entry")
    _parity(name, kwargs, _batches(np.random.default_rng(3), weights=weights))


AUC_CASES = [
    {}, {"num_thresholds": 7}, {"curve": "PR"}, {"curve": "PRGAIN"},
    {"summation_method": "minoring"}, {"summation_method": "majoring", "curve": "PR"},
    {"curve": "PRGAIN", "summation_method": "majoring"},
    {"thresholds": [0.1, 0.4, 0.8]}, {"thresholds": [0.25, 0.5, 0.75]},
    {"curve": "PR", "thresholds": [0.3, 0.6]},
    {"from_logits": True}, {"label_weights": [0.5, 1.0, 2.0, 0.0]},
    {"multi_label": True}, {"multi_label": True, "num_labels": C},
    {"multi_label": True, "curve": "PR", "label_weights": [0.5, 1.0, 2.0, 1.0]},
    {"multi_label": True, "thresholds": [0.2, 0.7], "summation_method": "minoring"},
]


@pytest.mark.parametrize("kwargs", AUC_CASES, ids=str)
def test_auc_parity(kwargs):
    kind = "logits" if kwargs.get("from_logits") else "probs"
    _parity("AUC", kwargs, _batches(np.random.default_rng(4), kind=kind))


def test_auc_on_flattened_sequences():
    _parity("AUC", {"curve": "PR"},
            _batches(np.random.default_rng(5), shape=(B, 3, 2), weights=("entry", None)))


JIT_CASES = [
    ("TruePositives", {"thresholds": [0.0, 0.5, 1.0]}), ("FalseNegatives", {}),
    ("Precision", {"top_k": 2}), ("Recall", {"class_id": 1}),
    ("SensitivityAtSpecificity", {"specificity": 0.5}), ("PrecisionAtRecall", {"recall": 0.5}),
    ("AUC", {}), ("AUC", {"curve": "PR", "multi_label": True, "num_labels": C}),
    ("AUC", {"thresholds": [0.1, 0.4, 0.8]}),
]


@pytest.mark.parametrize(("name", "kwargs"), JIT_CASES, ids=str)
def test_stateless_update_under_jit_equals_stateful(name, kwargs):
    metric = getattr(metrics, name)(**kwargs)
    reference = getattr(metrics, name)(**kwargs)

    @jax.jit
    def step(state, y_true, y_pred, weight):
        state = metric.stateless_update_state(state, y_true, y_pred, sample_weight=weight)
        return state, metric.stateless_result(state)

    state = metric.stateless_reset_state()
    for y_true, y_pred, _ in _batches(np.random.default_rng(6), n=3):
        weight = np.linspace(0.0, 2.0, B)
        state, value = step(state, y_true, y_pred, weight)
        reference.update_state(y_true, y_pred, sample_weight=weight)
        _close(value, reference.result())
    _close(metric.result(), metric.stateless_result(metric.stateless_reset_state()))


def test_mask_equals_zero_weight_and_ignores_nan():
    rng = np.random.default_rng(7)
    y_true = rng.integers(0, 2, size=(B, 3, C)).astype("float32")
    y_pred = rng.uniform(size=(B, 3, C)).astype("float32")
    mask = rng.uniform(size=(B, 3)) > 0.4
    dirty = y_pred.copy()
    dirty[~mask] = np.nan
    for name, kwargs in [("Precision", {}), ("AUC", {}), ("Recall", {"top_k": 2}),
                         ("TrueNegatives", {"thresholds": [0.0, 0.5, 1.0]})]:
        masked = getattr(metrics, name)(**kwargs)
        weighted = getattr(metrics, name)(**kwargs)
        masked.update_state(y_true, dirty, mask=mask)
        weighted.update_state(y_true, y_pred, sample_weight=mask.astype("float32"))
        _close(masked.result(), weighted.result())
        assert np.all(np.isfinite(np.asarray(masked.result())))


@pytest.mark.parametrize("name", COUNTS + ["Precision", "Recall", "AUC",
                                          "SensitivityAtSpecificity"])
def test_config_matches_keras_and_round_trips(name):
    kwargs = {"specificity": 0.5} if name == "SensitivityAtSpecificity" else {}
    ours, theirs = getattr(metrics, name)(**kwargs), getattr(keras.metrics, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    rebuilt = metrics.deserialize(metrics.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    if not kwargs:
        assert type(metrics.get(name)) is type(ours)


def test_auc_config_with_thresholds_and_label_weights():
    ours = metrics.AUC(thresholds=[0.2, 0.6], label_weights=[1.0, 2.0], curve="pr")
    theirs = keras.metrics.AUC(thresholds=[0.2, 0.6], label_weights=[1.0, 2.0], curve="pr")
    config = ours.get_config()
    expected = theirs.get_config()
    assert config["label_weights"] == [1.0, 2.0]
    expected["label_weights"] = np.asarray(expected["label_weights"]).tolist()
    np.testing.assert_allclose(config.pop("thresholds"), expected.pop("thresholds"))
    assert config == expected
    rebuilt = metrics.AUC.from_config(ours.get_config())
    assert rebuilt.num_thresholds == 4 and rebuilt.curve == "PR"


@pytest.mark.parametrize(("factory", "match"), [
    (lambda: metrics.Precision(thresholds=[0.5, 1.5]), "thresholds"),
    (lambda: metrics.AUC(num_thresholds=1), "num_thresholds"),
    (lambda: metrics.AUC(curve="XY"), "curve"),
    (lambda: metrics.AUC(summation_method="simpson"), "summation_method"),
    (lambda: metrics.AUC(num_labels=3), "num_labels"),
    (lambda: metrics.SensitivityAtSpecificity(1.5), "specificity"),
    (lambda: metrics.PrecisionAtRecall(0.5, num_thresholds=0), "num_thresholds"),
])
def test_invalid_arguments_teach(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


def test_shape_mismatch_and_bad_weight_raise():
    from lamina.losses import IncompatibleShapesError

    with pytest.raises(IncompatibleShapesError, match="y_true has shape"):
        metrics.Precision().update_state(np.zeros((3,)), np.zeros((3, 3)))
    with pytest.raises(IncompatibleShapesError, match="sample_weight"):
        metrics.Recall().update_state(np.zeros((3, 2)), np.zeros((3, 2)), sample_weight=[1, 2])


def test_multi_label_auc_without_num_labels_needs_eager_first_batch():
    metric = metrics.AUC(multi_label=True)
    assert metric.variables == []
    with pytest.raises(RuntimeError, match="num_labels"):
        from lamina.core.scopes import StatelessScope

        with StatelessScope():
            metric.update_state(jnp.zeros((2, 3)), jnp.zeros((2, 3)))
    metric.update_state(np.zeros((2, 3)), np.zeros((2, 3)))
    assert [v.shape for v in metric.variables] == [(200, 3)] * 4
    built = metrics.AUC(multi_label=True)
    assert not built.built
    built.build((4, 5), (4, 5))
    assert built.built and [v.shape for v in built.variables] == [(200, 5)] * 4
