import jax
import jax.numpy as jnp
import numpy as np
import pytest

from lamina.core.scopes import StatelessScope
from lamina.core.variable import Variable, VariableError


def test_value_assign_and_arithmetic():
    v = Variable(np.zeros(3, "float32"), name="w")
    v.assign([1.0, 2.0, 3.0])
    v.assign_add(np.ones(3))
    v.assign_sub(np.ones(3) * 0.5)
    np.testing.assert_allclose(v.numpy(), [1.5, 2.5, 3.5])
    np.testing.assert_allclose(np.asarray(v * 2), [3.0, 5.0, 7.0])
    np.testing.assert_allclose(np.asarray(1 + v), [2.5, 3.5, 4.5])
    assert v.shape == (3,) and v.dtype == "float32" and v.trainable


def test_callable_initializer_needs_shape():
    with pytest.raises(VariableError, match="needs shape"):
        Variable(lambda shape, dtype: jnp.zeros(shape, dtype))


def test_assign_wrong_shape_names_the_variable():
    v = Variable(np.zeros((2, 2), "float32"), name="kernel")
    with pytest.raises(VariableError, match="kernel.*shape"):
        v.assign(np.zeros(3))


def test_stateless_scope_binds_and_collects_updates():
    v = Variable(np.zeros(2, "float32"), name="v")
    with StatelessScope([(v, jnp.ones(2))]) as scope:
        assert np.asarray(v.value).tolist() == [1.0, 1.0]
        v.assign(v.value + 1)
    assert scope.get_current_value(v).tolist() == [2.0, 2.0]
    assert v.numpy().tolist() == [0.0, 0.0]


def test_assigning_a_tracer_outside_a_scope_is_an_error():
    v = Variable(np.zeros(2, "float32"), name="v")

    def f(x):
        v.assign(x)
        return x

    with pytest.raises(VariableError, match="stateless_call"):
        jax.jit(f)(jnp.ones(2))


def test_variable_created_inside_jit_holds_a_concrete_value():
    holder = {}

    def f(x):
        holder["v"] = Variable(lambda shape, dtype: jnp.ones(shape, dtype), shape=(2,))
        return x + holder["v"].value

    jax.jit(f)(jnp.ones(2))
    assert not isinstance(holder["v"]._value, jax.core.Tracer)
