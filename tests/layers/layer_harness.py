"""Shared checks every built-in layer goes through (imported by the layer tests).

* eager output shape/dtype == symbolic (``Input`` KerasTensors) output shape/dtype;
* ``jax.jit`` over ``stateless_call`` == eager call;
* ``get_config`` -> ``from_config`` (and the registry's serialize/deserialize) round trip;
* Keras 3 parity: same config keys, weight names/order, outputs and input gradients.
"""

import json

import jax
import jax.numpy as jnp
import numpy as np

from lamina._registry import deserialize_keras_object, serialize_keras_object
from lamina.core.keras_tensor import KerasTensor
from lamina.layers.core.input_layer import Input
from lamina.utils import tree

RTOL, ATOL = 1e-5, 1e-5


def random_inputs(shapes, dtype="float32", seed=0, low=None, high=None):
    """numpy inputs for a shape or a list of shapes (ints in [low, high) for int dtypes)."""
    rng = np.random.default_rng(seed)

    def one(shape):
        if np.issubdtype(np.dtype(dtype), np.integer):
            return rng.integers(low or 0, high or 10, size=shape).astype(dtype)
        return rng.standard_normal(shape).astype(dtype)

    if isinstance(shapes, list):
        return [one(s) for s in shapes]
    return one(shapes)


def symbolic_like(inputs):
    """``Input`` KerasTensors with an unknown batch axis, matching ``inputs``."""
    return tree.map_structure(
        lambda x: Input(batch_shape=(None, *x.shape[1:]), dtype=str(x.dtype)), inputs
    )


def assert_symbolic_matches_eager(make_layer, inputs, **call_kwargs):
    """Fresh layers called eagerly and symbolically agree on output shapes and dtypes."""
    eager = make_layer()(inputs, **call_kwargs)
    symbolic = make_layer()(symbolic_like(inputs), **call_kwargs)
    flat_eager, flat_symbolic = tree.flatten(eager), tree.flatten(symbolic)
    assert len(flat_eager) == len(flat_symbolic)
    for e, s in zip(flat_eager, flat_symbolic):
        assert isinstance(s, KerasTensor)
        assert s.shape[0] is None
        assert tuple(s.shape[1:]) == tuple(e.shape[1:]), (s.shape, e.shape)
        assert s.dtype == str(e.dtype), (s.dtype, e.dtype)
    return eager, symbolic


def assert_jit_matches_eager(layer, inputs, **call_kwargs):
    """``jax.jit(stateless_call)`` gives the eager outputs (from the same starting state)."""
    if not layer.built:
        layer(inputs, **call_kwargs)
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]
    eager = layer(inputs, **call_kwargs)

    @jax.jit
    def run(trainable, frozen, x):
        return layer.stateless_call(trainable, frozen, x, **call_kwargs)

    jitted, _ = run(trainable, frozen, tree.map_structure(jnp.asarray, inputs))
    for a, b in zip(tree.flatten(eager), tree.flatten(jitted)):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=RTOL, atol=ATOL)
    return jitted


def assert_config_round_trip(layer):
    """``from_config(get_config())`` and serialize/deserialize rebuild the same config."""
    config = layer.get_config()
    json.dumps(serialize_keras_object(config))
    rebuilt = type(layer).from_config(config)
    assert rebuilt.get_config() == config
    again = deserialize_keras_object(json.loads(json.dumps(serialize_keras_object(layer))))
    assert type(again) is type(layer)
    assert _as_json(again.get_config()) == _as_json(config)
    return rebuilt


def _as_json(config):
    return json.loads(json.dumps(serialize_keras_object(config)))


def assert_same_config_keys(layer, keras_layer):
    """Same ``get_config`` keys as Keras, and a config written by Keras loads in lamina."""
    assert set(layer.get_config()) == set(keras_layer.get_config()), (
        sorted(set(layer.get_config()) ^ set(keras_layer.get_config()))
    )
    keras_config = json.loads(json.dumps(keras_layer.get_config()))
    rebuilt = type(layer).from_config(keras_config)
    assert set(rebuilt.get_config()) == set(layer.get_config())


def _sum_with(cotangent):
    return lambda out: jnp.sum(out * cotangent)


def assert_keras_parity(layer, keras_layer, inputs, grads=True, **call_kwargs):
    """Copy lamina's weights into the Keras layer, then compare outputs and gradients.

    Both layers must be built. Gradients are taken with respect to float inputs through
    each library's ``stateless_call``.
    """
    assert [w.name for w in layer.weights] == [w.name for w in keras_layer.weights]
    keras_layer.set_weights(layer.get_weights())
    ours = layer(inputs, **call_kwargs)
    theirs = keras_layer(inputs, **call_kwargs)
    for a, b in zip(tree.flatten(ours), tree.flatten(theirs)):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=RTOL, atol=ATOL)
    if not grads:
        return ours
    cotangent = jnp.asarray(random_inputs(np.asarray(tree.flatten(ours)[0]).shape, seed=7))
    reduce = _sum_with(cotangent)

    def lamina_loss(x):
        out, _ = layer.stateless_call([v.value for v in layer.trainable_variables],
                                      [v.value for v in layer.non_trainable_variables],
                                      x, **call_kwargs)
        return reduce(tree.flatten(out)[0])

    def keras_loss(x):
        out, _ = keras_layer.stateless_call(
            [v.value for v in keras_layer.trainable_variables],
            [v.value for v in keras_layer.non_trainable_variables], x, **call_kwargs)
        return reduce(tree.flatten(out)[0])

    x = tree.map_structure(jnp.asarray, inputs)
    g_ours, g_theirs = jax.grad(lamina_loss)(x), jax.grad(keras_loss)(x)
    for a, b in zip(tree.flatten(g_ours), tree.flatten(g_theirs)):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=RTOL, atol=ATOL)
    return ours


def keras_masked_merge(keras, cls_name, ids, tables, **kwargs):
    """Keras functional reference: Embedding(mask_zero) per input -> merge layer.

    Returns the merge output and its mask for the integer inputs ``ids``.
    """
    inputs = [keras.Input((ids[0].shape[1],), dtype="int32") for _ in ids]
    embedded = []
    for x, table in zip(inputs, tables):
        emb = keras.layers.Embedding(*table.shape, mask_zero=True)
        embedded.append(emb(x))
        emb.set_weights([table])
    out = getattr(keras.layers, cls_name)(**kwargs)(embedded)
    model = keras.Model(inputs, [out, out._keras_mask])
    return model.predict(ids, verbose=0)


def mask_of(x):
    from lamina.core.masking import get_mask

    return get_mask(x)
