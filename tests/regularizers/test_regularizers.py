"""Regularizers: Keras 3 parity of penalties and configs, lookup, errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import regularizers
from lamina._registry import SerializationError, register_keras_serializable
from lamina.core.variable import Variable
from lamina.regularizers.lookup import ALL_REGULARIZERS

keras = pytest.importorskip("keras")
keras_regs = pytest.importorskip("keras.src.regularizers")

W = np.random.default_rng(0).normal(size=(5, 7)).astype("float32")
W[1] = 0.0  # an all-zero row must not give NaN in OrthogonalRegularizer


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def assert_same_config(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], float):
            assert a[key] == pytest.approx(b[key], rel=1e-6), key
        else:
            assert a[key] == b[key], key


def test_every_keras_public_name_exists():
    public = [n for n in dir(keras.regularizers) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(regularizers, n)]
    assert not missing, f"lamina.regularizers lacks {missing}"


def test_lookup_table_has_the_keras_names():
    # lamina also accepts "l1_l2" (the public alias) besides Keras' "l1l2".
    assert set(ALL_REGULARIZERS) - set(keras_regs.ALL_OBJECTS_DICT) == {"l1_l2"}
    assert set(keras_regs.ALL_OBJECTS_DICT) <= set(ALL_REGULARIZERS)


CASES = [
    ("L1", {}), ("L1", {"l1": 0.3}), ("L2", {}), ("L2", {"l2": 0.5}),
    ("L1L2", {}), ("L1L2", {"l1": 0.1}), ("L1L2", {"l1": 0.2, "l2": 0.4}),
    ("L1L2", {"l1": None, "l2": 0.3}),
    ("OrthogonalRegularizer", {}), ("OrthogonalRegularizer", {"factor": 0.5, "mode": "columns"}),
    ("OrthogonalRegularizer", {"factor": 2.0, "mode": "rows"}),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_penalties_and_configs_match_keras(name, kwargs):
    ours = getattr(regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    value = ours(jnp.asarray(W))
    assert value.shape == () and isinstance(value, jax.Array)
    close(value, theirs(jnp.asarray(W)))
    # Keras keeps some factors as float32 tensors, so its configs hold 0.009999999776...
    assert_same_config(ours.get_config(), theirs.get_config())
    rebuilt = regularizers.deserialize(regularizers.serialize(ours))
    assert type(rebuilt) is type(ours) and rebuilt.get_config() == ours.get_config()
    loaded = regularizers.deserialize(keras.regularizers.serialize(theirs))
    assert_same_config(loaded.get_config(), ours.get_config())


def test_variables_numpy_and_grad():
    reg = regularizers.L1L2(l1=0.1, l2=0.2)
    close(reg(Variable(jnp.asarray(W), name="w")), reg(W))
    w = np.array([[-2.0, 0.5], [1.5, -0.25]], "float32")
    close(jax.grad(reg)(jnp.asarray(w)), 0.1 * np.sign(w) + 0.4 * w)
    assert reg(jnp.ones(3, "bfloat16")).dtype == jnp.bfloat16


def test_base_regularizer_gives_a_zero_scalar():
    value = regularizers.Regularizer()(jnp.ones(3))
    assert value.shape == () and float(value) == 0.0
    with pytest.raises(NotImplementedError, match="get_config"):
        regularizers.Regularizer().get_config()


def test_argument_errors_are_clear():
    with pytest.raises(ValueError, match="L1: l1 must be a non-negative.*-1"):
        regularizers.L1(-1)
    with pytest.raises(ValueError, match="L2: l2 must be.*inf"):
        regularizers.L2(float("inf"))
    with pytest.raises(ValueError, match="mode must be 'rows' or 'columns'.*'diag'"):
        regularizers.OrthogonalRegularizer(mode="diag")
    with pytest.raises(ValueError, match=r"rank 2.*\(2, 2, 2\)"):
        regularizers.OrthogonalRegularizer()(jnp.ones((2, 2, 2)))


def test_get_accepts_every_keras_name_and_objects():
    for name, cls in keras_regs.ALL_OBJECTS_DICT.items():
        assert type(regularizers.get(name)).__name__ == cls.__name__, name
    assert regularizers.get(None) is None
    reg = regularizers.L2()
    assert regularizers.get(reg) is reg
    assert isinstance(regularizers.get(regularizers.L1), regularizers.L1)
    assert regularizers.l1_l2 is regularizers.L1L2
    with pytest.raises(SerializationError, match="'l3'.*l1_l2"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="could not interpret 3"):
        regularizers.get(3)


def test_custom_regularizer_round_trip():
    @register_keras_serializable(package="test_reg")
    class Sum(regularizers.Regularizer):
        def __init__(self, k=1.0):
            self.k = k

        def __call__(self, x):
            return self.k * jnp.sum(x)

        def get_config(self):
            return {"k": self.k}

    rebuilt = regularizers.deserialize(regularizers.serialize(Sum(3.0)))
    assert isinstance(rebuilt, Sum) and rebuilt.k == 3.0
