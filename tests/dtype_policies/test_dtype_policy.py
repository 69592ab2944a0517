"""DTypePolicy: names, compute vs variable dtypes, the global policy, Keras configs."""

import pytest

import lamina
from lamina import dtype_policies


@pytest.mark.parametrize("name, compute, variable", [
    ("float32", "float32", "float32"),
    ("bfloat16", "bfloat16", "bfloat16"),
    ("mixed_float16", "float16", "float32"),
    ("mixed_bfloat16", "bfloat16", "float32"),
])
def test_policy_dtypes_match_keras(name, compute, variable):
    policy = dtype_policies.DTypePolicy(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (name, compute, variable)
    keras = pytest.importorskip("keras")
    reference = keras.dtype_policies.DTypePolicy(name)
    assert (reference.compute_dtype, reference.variable_dtype) == (compute, variable)


def test_bad_names_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="mixed_float16"):
        dtype_policies.DTypePolicy("mixed_float8")
    with pytest.raises(ValueError, match="Dense: invalid dtype"):
        lamina.layers.Dense(2, dtype="mixed_half")


def test_global_policy_reaches_new_layers_only():
    before = lamina.layers.Dense(2)
    lamina.mixed_precision.set_global_policy("mixed_float16")
    assert lamina.mixed_precision.global_policy().name == "mixed_float16"
    assert lamina.config.dtype_policy() == dtype_policies.DTypePolicy("mixed_float16")
    after = lamina.layers.Dense(2)
    assert before.dtype_policy.name == "float32"
    assert (after.compute_dtype, after.variable_dtype, after.dtype) == (
        "float16", "float32", "float32")
    lamina.mixed_precision.set_global_policy(None)
    assert lamina.layers.Dense(2).dtype_policy.name == "float32"


def test_serialized_form_is_keras_and_round_trips():
    keras = pytest.importorskip("keras")
    for name in ("float32", "mixed_bfloat16"):
        ours = dtype_policies.serialize(dtype_policies.DTypePolicy(name))
        theirs = keras.dtype_policies.serialize(keras.dtype_policies.DTypePolicy(name))
        assert ours == theirs
        assert dtype_policies.deserialize(theirs).name == name
        assert dtype_policies.get(theirs) == dtype_policies.DTypePolicy(name)
