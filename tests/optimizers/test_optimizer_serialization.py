"""optimizers.get / serialize / deserialize and config round trips."""

import jax.numpy as jnp
import optax
import pytest

import lamina.optimizers as lo
from lamina._registry import SerializationError, register_keras_serializable
from lamina.core.variable import Variable

NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adamax", "Nadam", "Adagrad", "Adadelta", "Lion",
         "Ftrl", "Adafactor", "Lamb"]


@pytest.mark.parametrize("name", NAMES)
def test_get_by_string_and_class_name(name):
    assert type(lo.get(name.lower())) is getattr(lo, name)
    assert type(lo.get(name)) is getattr(lo, name)


def test_get_instances_dicts_none_and_optax():
    opt = lo.Adam()
    assert lo.get(opt) is opt
    assert lo.get(None) is None
    rebuilt = lo.get({"class_name": "SGD", "config": {"learning_rate": 0.5, "momentum": 0.9}})
    assert isinstance(rebuilt, lo.SGD) and rebuilt.momentum == 0.9
    assert float(rebuilt.learning_rate.numpy()) == 0.5
    wrapped = lo.get(optax.sgd(0.1))
    assert isinstance(wrapped, lo.OptaxOptimizer)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        lo.get(42)
    with pytest.raises(SerializationError, match="nadamw"):
        lo.get("nadamw")


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    opt = getattr(lo, name)(learning_rate=0.125, clipnorm=2.0, name="my_opt")
    config = opt.get_config()
    rebuilt = type(opt).from_config(config)
    assert rebuilt.get_config() == config
    assert lo.deserialize(lo.serialize(opt)).get_config() == config
    assert lo.serialize(opt)["class_name"] == name


def test_schedule_serializes_inside_the_optimizer_config():
    schedule = lo.schedules.CosineDecay(0.1, 100, alpha=0.1, warmup_target=0.2,
                                        warmup_steps=5)
    opt = lo.Adam(learning_rate=schedule)
    config = opt.get_config()
    assert config["learning_rate"]["class_name"] == "CosineDecay"
    assert config["learning_rate"]["config"] == schedule.get_config()
    rebuilt = lo.deserialize(lo.serialize(opt))
    assert isinstance(rebuilt._learning_rate, lo.schedules.CosineDecay)
    assert rebuilt._learning_rate.get_config() == schedule.get_config()


def test_custom_schedule_round_trip():
    @register_keras_serializable(package="test_opt")
    class Halve(lo.schedules.LearningRateSchedule):
        def __init__(self, start):
            self.start = start

        def __call__(self, step):
            return self.start / (step + 1)

        def get_config(self):
            return {"start": self.start}

    rebuilt = lo.deserialize(lo.serialize(lo.SGD(learning_rate=Halve(0.8))))
    assert isinstance(rebuilt._learning_rate, Halve) and rebuilt._learning_rate.start == 0.8


def test_keras_serialized_optimizers_deserialize():
    keras = pytest.importorskip("keras")
    keras_opt = keras.optimizers.Adam(
        learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5), amsgrad=True)
    rebuilt = lo.deserialize(keras.optimizers.serialize(keras_opt))
    assert isinstance(rebuilt, lo.Adam) and rebuilt.amsgrad
    assert isinstance(rebuilt._learning_rate, lo.schedules.ExponentialDecay)
    for name in ("SGD", "RMSprop", "Nadam"):
        config = keras.optimizers.serialize(getattr(keras.optimizers, name)(name="opt"))
        assert lo.deserialize(config).get_config() == config["config"]


def test_optax_optimizer_is_not_rebuilt_from_config():
    opt = lo.OptaxOptimizer(optax.adam(0.1))
    config = opt.get_config()
    assert config["learning_rate"] is None
    with pytest.raises(SerializationError, match="cannot be rebuilt from a config"):
        lo.OptaxOptimizer.from_config(config)


def test_variables_names_do_not_depend_on_serialization():
    opt = lo.deserialize(lo.serialize(lo.SGD(momentum=0.5, name="sgd_x")))
    opt.build([Variable(jnp.zeros(2), name="w")])
    assert [v.path for v in opt.variables] == ["sgd_x/iteration", "sgd_x/learning_rate",
                                               "sgd_x/w_momentum"]
