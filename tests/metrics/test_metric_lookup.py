"""metrics.get / serialize / deserialize and config parity with Keras."""

import jax.numpy as jnp
import numpy as np
import pytest

from lamina import losses, metrics
from lamina._registry import register_keras_serializable

keras = pytest.importorskip("keras")

CLASS_NAMES = ["Mean", "Sum", "MeanSquaredError", "MeanAbsoluteError",
               "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
               "RootMeanSquaredError", "CosineSimilarity", "LogCoshError", "Hinge",
               "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson",
               "BinaryCrossentropy", "CategoricalCrossentropy",
               "SparseCategoricalCrossentropy", "Accuracy", "BinaryAccuracy",
               "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
               "SparseTopKCategoricalAccuracy"]


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_config_and_names_match_keras(name):
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    assert ours.name == theirs.name
    theirs_config = theirs.get_config()
    ours_config = ours.get_config()
    assert set(theirs_config) <= set(ours_config)
    assert {k: ours_config[k] for k in theirs_config} == theirs_config
    assert len(ours.variables) == len(theirs.variables)


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_serialize_round_trip(name):
    metric = getattr(metrics, name)(name="renamed")
    config = metrics.serialize(metric)
    assert config["class_name"] == name and config["module"] == "lamina.metrics"
    rebuilt = metrics.deserialize(config)
    assert type(rebuilt) is type(metric)
    assert rebuilt.get_config() == metric.get_config()
    assert type(metrics.get(config)) is type(metric)


@pytest.mark.parametrize(("identifier", "cls"), [
    ("accuracy", metrics.Accuracy), ("acc", metrics.Accuracy),
    ("mse", metrics.MeanSquaredError), ("MSE", metrics.MeanSquaredError),
    ("mae", metrics.MeanAbsoluteError), ("mape", metrics.MeanAbsolutePercentageError),
    ("msle", metrics.MeanSquaredLogarithmicError), ("bce", metrics.BinaryCrossentropy),
    ("mean_squared_error", metrics.MeanSquaredError),
    ("binary_accuracy", metrics.BinaryAccuracy),
    ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy),
    ("categorical_crossentropy", metrics.CategoricalCrossentropy),
    ("SparseTopKCategoricalAccuracy", metrics.SparseTopKCategoricalAccuracy),
    ("root_mean_squared_error", metrics.RootMeanSquaredError),
])
def test_get_strings_give_fresh_instances(identifier, cls):
    first, second = metrics.get(identifier), metrics.get(identifier)
    assert type(first) is cls and first is not second


def test_get_instances_classes_functions_and_errors():
    metric = metrics.Sum()
    assert metrics.get(metric) is metric
    assert isinstance(metrics.get(metrics.Mean), metrics.Mean)
    wrapped = metrics.get(losses.mean_squared_error)
    assert isinstance(wrapped, metrics.MeanMetricWrapper)
    assert wrapped.name == "mean_squared_error" and wrapped._direction == "down"
    np.testing.assert_allclose(wrapped([[0.0, 2.0]], [[0.0, 0.0]]), 2.0)
    assert metrics.get(None) is None
    with pytest.raises(ValueError, match="Did you mean"):
        metrics.get("acuracy")
    with pytest.raises(ValueError, match="could not interpret"):
        metrics.get(1.5)
    with pytest.raises(ValueError, match="unknown metric"):
        metrics.get("relu")


def test_mean_metric_wrapper_round_trip_with_registered_function():
    @register_keras_serializable(package="test_metrics")
    def within(y_true, y_pred, tolerance=0.1):
        return (jnp.abs(jnp.asarray(y_true) - jnp.asarray(y_pred)) <= tolerance).astype(
            "float32").mean(axis=-1)

    metric = metrics.MeanMetricWrapper(within, name="within", tolerance=0.5)
    metric.update_state([[0.0, 1.0]], [[0.2, 2.0]])
    assert float(metric.result()) == 0.5
    config = metrics.serialize(metric)
    assert config["config"]["fn"] == "test_metrics>within"
    assert config["config"]["tolerance"] == 0.5
    rebuilt = metrics.deserialize(config)
    assert rebuilt._fn is within and rebuilt._fn_kwargs == {"tolerance": 0.5}
    assert metrics.get("test_metrics>within").name == "within"
    with pytest.raises(TypeError, match="callable"):
        metrics.MeanMetricWrapper(3)


def test_shape_errors_name_the_metric():
    with pytest.raises(ValueError, match=r"SparseCategoricalAccuracy \(name='sca'\)"):
        metrics.SparseCategoricalAccuracy(name="sca").update_state(
            np.zeros((4, 3)), np.zeros((4, 3)) + 0.3)
    with pytest.raises(ValueError, match=r"y_true has shape \(3,\) and y_pred has shape"):
        metrics.MeanSquaredError().update_state(np.zeros(3), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="batch sizes"):
        metrics.Accuracy().update_state(np.zeros((5, 2)), np.zeros((4, 2)))
