"""Learning-rate schedules: values and configs equal Keras 3's."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina.optimizers import schedules

keras = pytest.importorskip("keras")

CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "decay_rate": 0.7}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "decay_rate": 0.7,
                          "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [3, 7, 12], "values": [1.0, 0.5, 0.25, 0.1]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "power": 0.5}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 6, "cycle": True,
                         "end_learning_rate": 0.01}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5,
                          "staircase": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 15, "alpha": 0.2}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 10, "warmup_target": 0.1,
                     "warmup_steps": 5}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 3}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 4,
                             "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1}),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[c[0] for c in CASES])
def test_values_and_config_match_keras(name, kwargs):
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    steps = jnp.arange(25, dtype="int32")
    # Keras' cond-based schedules retrace on every eager call: jit them once instead.
    keras_fn = jax.jit(theirs) if name.startswith("Cosine") else theirs
    expected = np.array([float(keras_fn(step)) for step in steps])
    eager = np.array([float(ours(step)) for step in steps])
    jitted = np.asarray(jax.jit(jax.vmap(ours))(steps))
    np.testing.assert_allclose(eager, expected, rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(jitted, expected, rtol=1e-5, atol=1e-7)
    assert ours.get_config() == theirs.get_config()
    rebuilt = schedules.deserialize(schedules.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    assert schedules.serialize(ours)["module"] == "lamina.optimizers.schedules"


def test_keras_schedule_configs_deserialize():
    config = keras.optimizers.schedules.serialize(
        keras.optimizers.schedules.PolynomialDecay(0.1, 10, cycle=True))
    rebuilt = schedules.deserialize(config)
    assert isinstance(rebuilt, schedules.PolynomialDecay) and rebuilt.cycle


def test_invalid_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="decay_steps` must be > 0"):
        schedules.ExponentialDecay(0.1, 0, 0.5)
    with pytest.raises(ValueError, match="first_decay_steps` must be > 0"):
        schedules.CosineDecayRestarts(0.1, -1)
    with pytest.raises(ValueError, match="one less than"):
        schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2])
    with pytest.raises(NotImplementedError, match="must override"):
        schedules.LearningRateSchedule()(0)
