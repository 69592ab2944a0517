"""Activations: parity with Keras 3, inputs of every kind, symbolic tensors, lookup."""

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina import activations
from lamina._registry import SerializationError, register_keras_serializable
from lamina.core import masking
from lamina.core.keras_tensor import KerasTensor
from lamina.core.variable import Variable
from lamina.ops.operation import MaskNotSupportedError

keras = pytest.importorskip("keras")
keras_all = pytest.importorskip("keras.src.activations").ALL_OBJECTS_DICT

X = np.random.default_rng(0).normal(scale=3.0, size=(3, 8)).astype("float32")
X[0, :4] = [-3.0, -1.0, 0.0, 3.0]  # exact breakpoints of the piecewise functions

# Names whose Keras function needs extra positional arguments.
REQUIRED_ARGS = {"threshold": (0.5, -1.0)}
# Keras 3.15's sparsemax is wrong when the support has more than one element (its
# outputs then do not sum to 1); lamina follows the paper. Checked separately below.
NOT_KERAS_PARITY = {"sparsemax"}


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


def test_every_keras_public_name_exists():
    public = [n for n in dir(keras.activations) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(activations, n)]
    assert not missing, f"lamina.activations lacks {missing}"


def test_lookup_table_has_the_keras_names():
    assert set(activations.lookup.ALL_ACTIVATIONS) == set(keras_all)


@pytest.mark.parametrize("name", sorted(set(keras_all) - NOT_KERAS_PARITY))
def test_default_arguments_match_keras(name):
    args = REQUIRED_ARGS.get(name, ())
    ours = activations.get(name)(X, *args)
    close(ours, keras_all[name](X, *args))


CASES = [
    ("relu", {"negative_slope": 0.1}),
    ("relu", {"max_value": 6.0}),
    ("relu", {"max_value": 2.5}),
    ("relu", {"threshold": 1.0}),
    ("relu", {"threshold": -1.0}),
    ("relu", {"negative_slope": 0.3, "max_value": 4.0}),
    ("relu", {"negative_slope": 0.3, "threshold": 0.5}),
    ("relu", {"negative_slope": 0.2, "max_value": 3.0, "threshold": -0.5}),
    ("leaky_relu", {"negative_slope": 0.01}),
    ("elu", {"alpha": 0.5}),
    ("celu", {"alpha": 2.0}),
    ("gelu", {"approximate": True}),
    ("gelu", {"approximate": False}),
    ("soft_shrink", {"threshold": 1.0}),
    ("hard_shrink", {"threshold": 1.5}),
    ("squareplus", {"b": 1.0}),
    ("glu", {"axis": -1}),
    ("softmax", {"axis": 0}),
    ("softmax", {"axis": (0, 1)}),
    ("log_softmax", {"axis": 0}),
    ("threshold", {"threshold": 0.0, "default_value": 2.0}),
]


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_arguments_match_keras(name, kwargs):
    close(getattr(activations, name)(X, **kwargs), getattr(keras.activations, name)(X, **kwargs))


def test_signatures_match_keras():
    import inspect

    for name in set(keras_all):
        ours = inspect.signature(getattr(activations, name))
        theirs = inspect.signature(getattr(keras.activations, name))
        assert str(ours) == str(theirs), name


def _sparsemax_reference(z):
    z = np.asarray(z, dtype="float64")
    ranked = np.sort(z)[::-1]
    cumulative = np.cumsum(ranked)
    k = np.arange(1, len(z) + 1)
    support = k[1 + k * ranked > cumulative].max()
    tau = (cumulative[support - 1] - 1) / support
    return np.maximum(z - tau, 0)


def test_sparsemax_projects_onto_the_simplex():
    out = np.asarray(activations.sparsemax(X))
    np.testing.assert_allclose(out.sum(-1), 1.0, rtol=1e-5)
    for row, got in zip(X, out):
        close(got, _sparsemax_reference(row))
    close(activations.sparsemax(X, axis=0).T, activations.sparsemax(X.T))


def test_sparsemax_matches_keras_where_keras_is_right():
    one_hot_support = np.array([[0.0, 1.0, 3.0], [5.0, -1.0, 2.0]], "float32")
    close(activations.sparsemax(one_hot_support), keras.activations.sparsemax(one_hot_support))


@pytest.mark.parametrize("make", [
    np.asarray,
    jnp.asarray,
    lambda x: x.tolist(),
    lambda x: Variable(jnp.asarray(x), name="w"),
], ids=["numpy", "jax", "list", "variable"])
def test_accepts_arrays_lists_and_variables(make):
    for name in ("relu", "sigmoid", "softmax", "mish", "hard_silu"):
        out = getattr(activations, name)(make(X))
        assert isinstance(out, jax.Array)
        close(out, getattr(activations, name)(jnp.asarray(X)))


def test_integer_inputs_become_floats():
    out = activations.sigmoid(np.array([0, 1], "int32"))
    assert out.dtype == jnp.float32


def test_dtype_is_kept():
    assert activations.relu(jnp.ones(3, "bfloat16")).dtype == jnp.bfloat16
    assert activations.softmax(jnp.ones(3, "float16")).dtype == jnp.float16


def test_linear_returns_its_input_unchanged():
    x = jnp.ones(3)
    assert activations.linear(x) is x


def test_work_under_jit_and_grad():
    for name in ("relu", "softmax", "sparsemax"):
        fn = getattr(activations, name)
        close(jax.jit(fn)(X), fn(X))
        assert np.isfinite(jax.grad(lambda x, f=fn: f(x).sum())(X)).all()


@pytest.mark.parametrize("name", sorted(set(keras_all) - {"threshold"}))
def test_symbolic_call_keeps_shape_and_mask(name):
    x = KerasTensor((None, 5, 4), "float32")
    mask = KerasTensor((None, 5), "bool")
    masking.set_mask(x, mask, origin="embedding")
    y = activations.get(name)(x)
    expected = (None, 5, 2) if name == "glu" else (None, 5, 4)
    assert isinstance(y, KerasTensor) and y.shape == expected
    assert y.dtype == "float32"
    assert masking.get_mask(y) is mask


def test_symbolic_threshold():
    y = activations.threshold(KerasTensor((None, 3)), 0.0, 1.0)
    assert y.shape == (None, 3) and y._keras_history is not None


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "sparsemax", "glu"])
def test_normalizing_along_a_masked_axis_is_an_error(name):
    x = KerasTensor((None, 6, 4), "float32")
    masking.set_mask(x, KerasTensor((None, 6), "bool"), origin="embedding")
    with pytest.raises(MaskNotSupportedError, match=f"{name}.*embedding"):
        getattr(activations, name)(x, axis=1)


def test_softmax_over_a_size_one_axis_warns():
    with pytest.warns(UserWarning, match="size 1"):
        activations.softmax(jnp.ones((2, 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        activations.softmax(jnp.ones((2, 3)))


def test_bad_axis_and_odd_glu_size_are_clear_errors():
    with pytest.raises(ValueError, match=r"softmax: axis=2 .*shape \(3, 8\)"):
        activations.softmax(X, axis=2)
    with pytest.raises(ValueError, match="glu.*odd size 3"):
        activations.glu(jnp.ones((2, 3)))


# -- lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(keras_all))
def test_get_and_serialize_match_keras(name):
    fn = activations.get(name)
    assert activations.serialize(fn) == keras.activations.serialize(keras.activations.get(name))
    assert activations.deserialize(activations.serialize(fn)) is fn


def test_aliases():
    assert activations.swish is activations.silu
    assert activations.hard_swish is activations.hard_silu
    assert activations.get("swish") is activations.silu
    assert activations.serialize(activations.swish) == "silu"


def test_get_accepts_none_callables_and_keras_configs():
    assert activations.get(None) is activations.linear
    assert activations.get(jnp.tanh) is jnp.tanh
    keras_config = keras.src.saving.serialization_lib.serialize_keras_object(
        keras.activations.relu
    )
    assert activations.get(keras_config) is activations.relu
    assert activations.deserialize(keras_config) is activations.relu


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(SerializationError, match="'rellu'.*relu.*softmax"):
        activations.get("rellu")
    with pytest.raises(ValueError, match="could not interpret 3"):
        activations.get(3)


def test_custom_activation_round_trip():
    @register_keras_serializable(package="test_act")
    def scaled_tanh(x):
        return 2.0 * jnp.tanh(x)

    name = activations.serialize(scaled_tanh)
    assert name == "test_act>scaled_tanh"
    assert activations.deserialize(name) is scaled_tanh
    assert activations.get(name) is scaled_tanh

    def unregistered(x):
        return x

    assert activations.deserialize("unregistered", {"unregistered": unregistered}) is unregistered


def test_lambdas_are_not_serialized():
    with pytest.raises(SerializationError, match="lambda"):
        activations.serialize(lambda x: x)
