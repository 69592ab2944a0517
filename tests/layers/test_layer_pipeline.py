"""The talk's Layer.__call__ pipeline, step by step."""

import jax
import numpy as np
import pytest

import lamina
from lamina import Input, layers, ops
from lamina.layers.input_spec import InputCompatibilityError, InputSpec
from lamina.ops.operation import MaskNotSupportedError


class CountingDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.build_calls = 0
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        self.build_calls += 1
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_shape[-1]})

    def call(self, x):
        return ops.matmul(x, self.kernel)


def test_input_spec_checked_before_build():
    layer = CountingDense(2, name="proj")
    with pytest.raises(InputCompatibilityError, match="proj.*min_ndim=2"):
        layer(np.ones(3, "float32"))
    assert not layer.built


def test_input_spec_checked_again_after_build():
    layer = CountingDense(2, name="proj")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(InputCompatibilityError, match="proj.*axis -1.*value 3"):
        layer(np.ones((1, 4), "float32"))


def test_symbolic_input_spec_error_names_the_layer_at_construction():
    x = Input(shape=(4,))
    y = layers.Dense(3, name="first")(x)
    dense = layers.Dense(2, name="second")
    dense(y)
    with pytest.raises(InputCompatibilityError, match="second"):
        dense(Input(shape=(5,)))


def test_layer_is_built_exactly_once():
    layer = CountingDense(2)
    layer(np.ones((2, 3), "float32"))
    layer(np.ones((5, 3), "float32"))
    layer(Input(shape=(3,)))
    assert layer.build_calls == 1


class RecordsTraining(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, x, training=None):
        self.seen.append(training)
        return x


class Outer(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = RecordsTraining()
        self.plain = layers.Dense(2)

    def call(self, x):  # no training argument: it still reaches the inner layer
        return self.inner(self.plain(x))


def test_training_reaches_nested_layers():
    outer = Outer()
    outer(np.ones((1, 2), "float32"), training=True)
    outer(np.ones((1, 2), "float32"), training=False)
    outer(np.ones((1, 2), "float32"))
    assert outer.inner.seen == [True, False, None]


def test_explicit_training_on_inner_call_wins():
    class Forces(layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = RecordsTraining()

        def call(self, x, training=None):
            return self.inner(x, training=False)

    layer = Forces()
    layer(np.ones((1, 2)), training=True)
    assert layer.inner.seen == [False]


def test_training_default_from_signature():
    class DefaultsTrue(layers.Layer):
        def call(self, x, training=True):
            self.got = training
            return x

    layer = DefaultsTrue()
    layer(np.ones((1, 2)))
    assert layer.got is True


class Embed(layers.Layer):
    def build(self, shape):
        self.table = self.add_weight(shape=(10, 3), name="table")

    def call(self, ids):
        return ops.take(self.table, ids, axis=0)

    def compute_mask(self, ids, mask=None):
        return ops.not_equal(ids, 0)


class Passes(layers.Layer):
    supports_masking = True

    def call(self, x):
        return x * 2


class Consumes(layers.Layer):
    def call(self, x, mask=None):
        self.got_mask = mask
        weights = mask[..., None].astype(x.dtype)
        return (x * weights).sum(axis=1)


class Ignores(layers.Layer):
    def call(self, x):
        return x


def test_masks_flow_eagerly_and_end_at_a_consumer():
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    h = Passes()(Embed()(ids))
    consumer = Consumes()
    out = consumer(h)
    np.testing.assert_array_equal(np.asarray(consumer.got_mask), ids != 0)
    assert lamina.core.masking.get_mask(out) is None


def test_masks_flow_symbolically_and_in_the_executor():
    ids = Input(shape=(3,), dtype="int32")
    h = Passes()(Embed(name="emb")(ids))
    assert h._keras_mask is not None and h._keras_mask_origin == "emb"
    consumer = Consumes()
    model = lamina.Model(ids, consumer(h))
    model(np.array([[1, 0, 0]]))
    np.testing.assert_array_equal(np.asarray(consumer.got_mask), [[True, False, False]])


def test_a_mask_is_never_dropped_silently():
    ids = Input(shape=(3,), dtype="int32")
    h = Embed(name="the_embedding")(ids)
    with pytest.raises(MaskNotSupportedError, match="ignores.*the_embedding.*Fix"):
        Ignores(name="ignores")(h)
    eager = Embed()(np.array([[1, 0, 0]]))
    with pytest.raises(MaskNotSupportedError):
        Ignores()(eager)


def test_explicit_mask_argument():
    consumer = Consumes()
    x = np.ones((1, 3, 2), "float32")
    out = consumer(x, mask=np.array([[True, True, False]]))
    np.testing.assert_allclose(np.asarray(out), [[2.0, 2.0]])


class ValueDependent(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(dynamic=True, **kwargs)

    def call(self, x):
        return x * 2 if float(x.sum()) > 0 else -x

    def compute_output_shape(self, input_shape):
        return input_shape


def test_dynamic_layer_uses_compute_output_shape_symbolically():
    x = Input(shape=(3,))
    y = ValueDependent()(x)
    assert y.shape == (None, 3)
    np.testing.assert_allclose(np.asarray(ValueDependent()(np.ones((1, 3)))), 2 * np.ones((1, 3)))


def test_dynamic_layer_without_output_shape_gives_a_clear_error():
    class NoShape(layers.Layer):
        def __init__(self):
            super().__init__(dynamic=True)

        def call(self, x):
            return x

    with pytest.raises(NotImplementedError, match="compute_output_shape"):
        NoShape()(Input(shape=(2,)))


def test_value_dependent_control_flow_error_says_dynamic():
    class Branches(layers.Layer):
        def call(self, x):
            return x if x.sum() > 0 else -x

    with pytest.raises(TypeError, match="dynamic=True"):
        Branches()(Input(shape=(2,)))


def test_nodes_are_recorded_for_shared_layers():
    shared = layers.Dense(2)
    a, b = Input(shape=(3,)), Input(shape=(3,))
    shared(a)
    shared(b)
    assert len(shared._inbound_nodes) == 2


def test_weights_api_and_freezing():
    outer = Outer()
    outer(np.ones((1, 2), "float32"))
    assert [w.name for w in outer.weights] == ["kernel", "bias"]
    assert len(outer.trainable_weights) == 2
    outer.trainable = False
    assert outer.trainable_weights == [] and len(outer.non_trainable_weights) == 2
    assert outer.plain.trainable is False
    values = [np.full(w.shape, 0.5, "float32") for w in outer.weights]
    outer.set_weights(values)
    np.testing.assert_allclose(outer.get_weights()[0], values[0])
    with pytest.raises(ValueError, match="expected 2 arrays"):
        outer.set_weights(values[:1])
    with pytest.raises(ValueError, match="shape"):
        outer.set_weights([np.zeros((9, 9)), values[1]])


def test_add_loss_is_reset_on_each_outermost_call():
    class Penalized(layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    class Wrapper(layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = Penalized()

        def call(self, x):
            return self.inner(x)

    layer = Wrapper()
    layer(np.ones((1, 2), "float32"))
    layer(np.ones((1, 2), "float32"))
    assert len(layer.losses) == 1 and float(layer.losses[0]) == 2.0


def test_stateless_call_is_pure_and_jittable():
    dense = layers.Dense(2)
    dense(np.ones((1, 3), "float32"))
    kernel, bias = dense.trainable_variables
    before = dense.get_weights()

    @jax.jit
    def f(tv, x):
        out, _ = dense.stateless_call(tv, [], x)
        return out

    new_values = [np.ones(kernel.shape, "float32"), np.zeros(bias.shape, "float32")]
    out = f(new_values, np.ones((1, 3), "float32"))
    np.testing.assert_allclose(np.asarray(out), [[3.0, 3.0]])
    np.testing.assert_allclose(dense.get_weights()[0], before[0])


def test_get_config_round_trip_of_a_custom_layer():
    layer = CountingDense(4, name="counting")
    config = layer.get_config()
    assert config["name"] == "counting"
    rebuilt = layers.Layer.from_config({"name": "plain"})
    assert rebuilt.name == "plain"


def test_explicit_mask_reaches_a_per_argument_mask_parameter():
    class QueryMasked(layers.Layer):
        def call(self, query, query_mask=None):
            self.got = query_mask
            return query

        def compute_mask(self, query, mask=None):
            return mask

    layer = QueryMasked()
    mask = np.array([[True, False]])
    layer(np.ones((1, 2, 3), "float32"), mask=mask)
    np.testing.assert_array_equal(np.asarray(layer.got), mask)
