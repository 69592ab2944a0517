"""Constraints: Keras 3 parity of projections and configs, lookup, errors."""

import jax.numpy as jnp
import numpy as np
import pytest

from lamina import constraints
from lamina._registry import SerializationError
from lamina.constraints.lookup import ALL_CONSTRAINTS
from lamina.core.variable import Variable

keras = pytest.importorskip("keras")
keras_cons = pytest.importorskip("keras.src.constraints")

W = np.random.default_rng(0).normal(scale=2.0, size=(3, 3, 4, 5)).astype("float32")


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_every_keras_public_name_exists():
    public = [n for n in dir(keras.constraints) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(constraints, n)]
    assert not missing, f"lamina.constraints lacks {missing}"


def test_lookup_table_has_the_keras_names():
    assert set(ALL_CONSTRAINTS) == set(keras_cons.ALL_OBJECTS_DICT)


CASES = [
    ("Constraint", {}), ("NonNeg", {}),
    ("MaxNorm", {}), ("MaxNorm", {"max_value": 1.5, "axis": [0, 1, 2]}),
    ("MaxNorm", {"max_value": 3, "axis": -1}),
    ("UnitNorm", {}), ("UnitNorm", {"axis": [0, 1, 2]}),
    ("MinMaxNorm", {}), ("MinMaxNorm", {"min_value": 2.0, "max_value": 4.0, "rate": 0.5}),
    ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.0, "rate": 1.0, "axis": 3}),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_projections_and_configs_match_keras(name, kwargs):
    ours = getattr(constraints, name)(**kwargs)
    theirs = getattr(keras.constraints, name)(**kwargs)
    close(ours(jnp.asarray(W)), theirs(jnp.asarray(W)))
    assert ours.get_config() == theirs.get_config()
    rebuilt = constraints.deserialize(constraints.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    loaded = constraints.deserialize(keras.constraints.serialize(theirs))
    assert loaded.get_config() == ours.get_config()


def test_max_norm_bounds_the_column_norms():
    out = np.asarray(constraints.MaxNorm(1.0)(W.reshape(-1, 5)))
    assert (np.linalg.norm(out, axis=0) <= 1.0 + 1e-5).all()


def test_variables_and_numpy_inputs():
    c = constraints.UnitNorm()
    close(c(Variable(jnp.asarray(W), name="w")), c(jnp.asarray(W)))
    close(c(W), c(jnp.asarray(W)))


def test_get_accepts_every_keras_name_and_objects():
    for name, cls in keras_cons.ALL_OBJECTS_DICT.items():
        assert type(constraints.get(name)).__name__ == cls.__name__, name
    assert constraints.get(None) is None
    c = constraints.NonNeg()
    assert constraints.get(c) is c
    assert isinstance(constraints.get(constraints.UnitNorm), constraints.UnitNorm)
    assert constraints.max_norm is constraints.MaxNorm
    with pytest.raises(SerializationError, match="'max_nrm'.*max_norm"):
        constraints.get("max_nrm")
    with pytest.raises(ValueError, match="could not interpret 3"):
        constraints.get(3)
