import numpy as np
import pytest

import lamina
from lamina import Input, Model, layers, ops
from lamina.layers.input_spec import InputCompatibilityError
from lamina.ops.function import GraphError


def test_single_input_output():
    x = Input(shape=(3,), name="features")
    y = layers.Dense(2, name="out")(layers.Dense(4, activation="relu")(x))
    model = Model(x, y)
    assert model(np.ones((5, 3), "float32")).shape == (5, 2)
    assert [layer.name for layer in model.layers][0] == "features"
    assert model.get_layer("out").units == 2
    assert model.output_names == ["out"] and model.input_names == ["features"]


def test_list_inputs_and_outputs():
    a, b = Input(shape=(2,), name="a"), Input(shape=(3,), name="b")
    merged = layers.Concatenate()([a, b])
    o1, o2 = layers.Dense(1, name="o1")(merged), layers.Dense(2, name="o2")(merged)
    model = Model([a, b], [o1, o2])
    out = model([np.ones((4, 2)), np.ones((4, 3))])
    assert [o.shape for o in out] == [(4, 1), (4, 2)]
    by_name = model({"a": np.ones((4, 2)), "b": np.ones((4, 3))})
    np.testing.assert_allclose(np.asarray(by_name[0]), np.asarray(out[0]))


def test_dict_inputs_and_outputs():
    inputs = {"x": Input(shape=(2,), name="x"), "z": Input(shape=(2,), name="z")}
    total = layers.Add()([inputs["x"], inputs["z"]])
    model = Model(inputs, {"sum": total, "scaled": layers.Dense(1)(total)})
    out = model({"x": np.ones((3, 2)), "z": np.ones((3, 2))})
    assert set(out) == {"sum", "scaled"}
    np.testing.assert_allclose(np.asarray(out["sum"]), 2 * np.ones((3, 2)))
    with pytest.raises(ValueError, match="missing input key"):
        model({"x": np.ones((3, 2))})


def test_shared_layer_has_one_node_per_call():
    shared = layers.Dense(3, name="shared")
    a, b = Input(shape=(4,)), Input(shape=(4,))
    model = Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert len(shared._inbound_nodes) == 2
    assert len(model.weights) == 2  # weights counted once
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    np.testing.assert_allclose(np.asarray(model([x, x])), 2 * np.asarray(shared(x)), rtol=1e-6)


def test_model_used_as_a_layer_inside_another_model():
    x = Input(shape=(3,))
    inner = Model(x, layers.Dense(2, name="inner_dense")(x), name="inner")
    outer_in = Input(shape=(3,))
    outer = Model(outer_in, layers.Dense(1)(inner(outer_in)))
    assert outer(np.ones((4, 3))).shape == (4, 1)
    assert inner in outer.layers
    assert len(outer.weights) == 4


def test_nested_model_passes_masks_in_and_out():
    ids = Input(shape=(4,), dtype="int32")
    inner = Model(ids, layers.Embedding(10, 3, mask_zero=True)(ids), name="embedder")
    outer_ids = Input(shape=(4,), dtype="int32")
    h = inner(outer_ids)
    assert h._keras_mask is not None
    consumer_seen = {}

    class Consumer(layers.Layer):
        def call(self, x, mask=None):
            consumer_seen["mask"] = mask
            return ops.sum(x, axis=1)

    model = Model(outer_ids, Consumer()(h))
    model(np.array([[1, 2, 0, 0]]))
    np.testing.assert_array_equal(np.asarray(consumer_seen["mask"]), [[True, True, False, False]])


def test_incompatible_shapes_fail_at_construction_naming_the_layer():
    a, b = Input(shape=(3,)), Input(shape=(4,))
    with pytest.raises(ValueError, match="add_bad"):
        layers.Add(name="add_bad")([a, b])
    dense = layers.Dense(2, name="fixed")
    dense(Input(shape=(3,)))
    with pytest.raises(InputCompatibilityError, match="fixed"):
        dense(Input(shape=(5,)))


def test_disconnected_graph_is_an_error():
    a, b = Input(shape=(2,)), Input(shape=(2,))
    y = layers.Add()([a, b])
    with pytest.raises(GraphError, match="disconnected"):
        Model(a, y)


def test_input_shape_mismatch_at_call_names_the_input():
    x = Input(shape=(3,), name="pixels")
    model = Model(x, layers.Dense(1)(x))
    with pytest.raises(ValueError, match="pixels"):
        model(np.ones((2, 5)))


def test_ops_in_the_graph():
    x = Input(shape=(3,))
    y = ops.relu(layers.Dense(3)(x)) + x
    model = Model(x, y)
    assert model(np.ones((2, 3))).shape == (2, 3)


def test_predict_works_without_compile_and_evaluate_needs_it():
    x = Input(shape=(3,))
    model = Model(x, layers.Dense(1)(x))
    assert model.predict(np.ones((10, 3)), batch_size=4, verbose=0).shape == (10, 1)
    with pytest.raises(RuntimeError, match="compile"):
        model.evaluate(np.ones((10, 3)), np.ones((10, 1)), verbose=0)


def test_get_config_round_trip_with_shared_and_nested():
    x = Input(shape=(3,), name="in")
    inner = Model(x, layers.Dense(2, name="d_inner")(x), name="inner")
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = layers.Dense(3, name="shared")
    merged = layers.Concatenate(name="cat")([inner(shared(a)), inner(shared(b))])
    model = Model([a, b], layers.Dense(1, name="head")(merged), name="outer")
    config = model.get_config()
    rebuilt = Model.from_config(config)
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in model.layers]
    rebuilt.set_weights(model.get_weights())
    data = [np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")]
    np.testing.assert_allclose(np.asarray(rebuilt(data)), np.asarray(model(data)), rtol=1e-6)
    assert rebuilt.get_config() == config


def test_config_with_ops_round_trips():
    x = Input(shape=(2,), name="x")
    model = Model(x, ops.relu(layers.Dense(2, name="d")(x)) * 2.0)
    rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    data = np.array([[1.0, -1.0]], "float32")
    np.testing.assert_allclose(np.asarray(rebuilt(data)), np.asarray(model(data)))


def test_lamina_namespace_has_keras_names():
    for name in (
        "Input",
        "Model",
        "Sequential",
        "Layer",
        "Variable",
        "KerasTensor",
        "StatelessScope",
        "Function",
        "Operation",
        "InputSpec",
    ):
        assert hasattr(lamina, name)
