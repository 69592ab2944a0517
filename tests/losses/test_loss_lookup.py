"""losses.get / serialize / deserialize, configs, LossFunctionWrapper round trips."""

import numpy as np
import pytest

from lamina import losses
from lamina._registry import SerializationError, register_keras_serializable

keras = pytest.importorskip("keras")

CLASS_NAMES = ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
               "MeanSquaredLogarithmicError", "CosineSimilarity", "Huber", "LogCosh",
               "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
               "BinaryCrossentropy", "CategoricalCrossentropy",
               "SparseCategoricalCrossentropy"]


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_config_keys_and_defaults_match_keras(name):
    ours = getattr(losses, name)().get_config()
    theirs = getattr(keras.losses, name)().get_config()
    assert set(theirs) <= set(ours)
    for key, value in theirs.items():
        assert ours[key] == value, key


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_serialize_round_trip(name):
    loss = getattr(losses, name)(reduction="sum", name="custom_name")
    config = losses.serialize(loss)
    assert config["class_name"] == name and config["module"] == "lamina.losses"
    rebuilt = losses.deserialize(config)
    assert type(rebuilt) is type(loss)
    assert rebuilt.get_config() == loss.get_config()
    assert losses.get(config).get_config() == loss.get_config()


def test_hyper_parameters_survive_round_trip():
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2, axis=-1)
    rebuilt = losses.deserialize(losses.serialize(loss))
    assert (rebuilt.from_logits, rebuilt.label_smoothing) == (True, 0.2)
    sparse = losses.deserialize(losses.serialize(
        losses.SparseCategoricalCrossentropy(ignore_class=0)))
    assert sparse.ignore_class == 0
    assert losses.deserialize(losses.serialize(losses.Huber(delta=0.3))).delta == 0.3


@pytest.mark.parametrize(("identifier", "expected"), [
    ("mse", losses.mean_squared_error), ("MSE", losses.mean_squared_error),
    ("mae", losses.mean_absolute_error), ("mape", losses.mean_absolute_percentage_error),
    ("msle", losses.mean_squared_logarithmic_error), ("kld", losses.kl_divergence),
    ("bce", losses.binary_crossentropy), ("logcosh", losses.log_cosh),
    ("binary_crossentropy", losses.binary_crossentropy),
    ("sparse_categorical_crossentropy", losses.sparse_categorical_crossentropy),
    ("categorical_hinge", losses.categorical_hinge),
])
def test_get_strings_give_functions(identifier, expected):
    assert losses.get(identifier) is expected


def test_get_class_names_instances_and_callables():
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    assert isinstance(losses.get(losses.Huber), losses.Huber)
    loss = losses.Hinge()
    assert losses.get(loss) is loss
    fn = losses.get(lambda y_true, y_pred: y_true)
    assert callable(fn)
    assert losses.get(None) is None
    with pytest.raises(ValueError, match="Did you mean"):
        losses.get("mean_squared_eror")
    with pytest.raises(ValueError, match="could not interpret"):
        losses.get(3)
    with pytest.raises(ValueError, match="unknown loss"):
        losses.get("relu")  # a built-in name, but not a loss


def test_function_serialization():
    assert losses.serialize(losses.mean_squared_error) == "mean_squared_error"
    assert losses.deserialize("mse") is losses.mean_squared_error


def test_loss_function_wrapper_round_trip_and_numbers():
    @register_keras_serializable(package="test_losses")
    def scaled_abs(y_true, y_pred, scale=1.0):
        return scale * np.abs(y_true - y_pred).mean(axis=-1)

    loss = losses.LossFunctionWrapper(scaled_abs, name="scaled", reduction="sum", scale=3.0)
    value = loss(np.zeros((2, 2)), np.ones((2, 2)))
    assert float(value) == 6.0
    config = losses.serialize(loss)
    assert config["config"]["fn"] == "test_losses>scaled_abs"
    assert config["config"]["scale"] == 3.0
    rebuilt = losses.deserialize(config)
    assert rebuilt.fn is scaled_abs and float(rebuilt(np.zeros((2, 2)), np.ones((2, 2)))) == 6.0
    with pytest.raises(SerializationError, match="lambda"):
        losses.serialize(losses.LossFunctionWrapper(lambda t, p: t))
    with pytest.raises(TypeError, match="callable"):
        losses.LossFunctionWrapper("not a function")


def test_custom_loss_subclass_and_unimplemented_call():
    class Bare(losses.Loss):
        pass

    assert Bare().name == "bare"
    assert Bare().name == "bare_1"
    with pytest.raises(NotImplementedError, match="one loss value per sample"):
        Bare()(np.zeros(2), np.zeros(2))


def test_loss_and_metric_classes_of_the_same_name_stay_apart():
    from lamina import metrics
    from lamina._registry import get_registered_object

    for name in ("MeanSquaredError", "BinaryCrossentropy", "Hinge", "KLDivergence"):
        assert get_registered_object(f"lamina.losses>{name}") is getattr(losses, name)
        assert get_registered_object(f"lamina.metrics>{name}") is getattr(metrics, name)
        config = losses.serialize(getattr(losses, name)())
        assert isinstance(losses.deserialize(config), losses.Loss)
        assert isinstance(metrics.deserialize(metrics.serialize(getattr(metrics, name)())),
                          metrics.Metric)
