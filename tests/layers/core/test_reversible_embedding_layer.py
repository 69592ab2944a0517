import jax
import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import assert_config_round_trip, assert_keras_parity, assert_same_config_keys

import lamina
from lamina.core.masking import get_mask
from lamina.layers import Input, ReversibleEmbedding

RNG = np.random.default_rng(0)
IDS = np.array([[1, 2, 0], [3, 4, 5]], "int32")
VECTORS = RNG.normal(size=(2, 3, 4)).astype("float32")


def _pair(keras, **kwargs):
    layer = ReversibleEmbedding(10, 4, **kwargs)
    keras_layer = keras.layers.ReversibleEmbedding(10, 4, **kwargs)
    layer(IDS)
    keras_layer.build(IDS.shape)
    return layer, keras_layer


@pytest.mark.parametrize("kwargs", [
    {},
    {"tie_weights": False},
    {"logit_soft_cap": 2.0, "mask_zero": True},
    {"tie_weights": False, "reverse_dtype": "float32", "logit_soft_cap": 0.5},
])
def test_keras_parity_forward_and_reverse(kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = _pair(keras, **kwargs)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, IDS, grads=False)
    assert_keras_parity(layer, keras_layer, VECTORS, reverse=True)


def test_tied_weights_share_the_table_and_gradients_reach_it():
    layer = ReversibleEmbedding(6, 3)
    layer(IDS % 6)
    assert [w.name for w in layer.weights] == ["embeddings"]
    table = layer.embeddings.value
    np.testing.assert_allclose(layer(VECTORS[..., :3], reverse=True),
                               VECTORS[..., :3] @ np.asarray(table).T, rtol=1e-5, atol=1e-5)

    def loss(weights):
        out, _ = layer.stateless_call(weights, [], VECTORS[..., :3], reverse=True)
        return jnp.sum(out)

    grads = jax.grad(loss)([v.value for v in layer.trainable_variables])
    assert float(jnp.abs(grads[0]).sum()) > 0


def test_untied_weights_and_soft_cap():
    layer = ReversibleEmbedding(6, 3, tie_weights=False, logit_soft_cap=1.5)
    logits = layer(100 * VECTORS[..., :3], reverse=True)
    assert [(w.name, w.shape) for w in layer.weights] == [
        ("embeddings", (6, 3)), ("reverse_embeddings", (3, 6))]
    assert float(np.abs(logits).max()) <= 1.5
    assert not np.allclose(layer.embeddings.value, layer.reverse_embeddings.value.T)


def test_masks_forward_creates_reverse_keeps():
    layer = ReversibleEmbedding(10, 4, mask_zero=True)
    vectors = layer(IDS)
    np.testing.assert_array_equal(get_mask(vectors), IDS != 0)
    logits = layer(vectors, reverse=True)
    np.testing.assert_array_equal(get_mask(logits), IDS != 0)


def test_in_a_functional_language_model():
    ids = Input((None,), dtype="int32")
    embed = ReversibleEmbedding(10, 4, name="tokens")
    hidden = lamina.layers.Dense(4)(embed(ids))
    logits = embed(hidden, reverse=True)
    model = lamina.Model(ids, logits)
    assert logits.shape == (None, None, 10)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    loss = model.train_on_batch(IDS, IDS)
    assert np.isfinite(loss)
    assert_config_round_trip(embed)


def test_errors():
    layer = ReversibleEmbedding(10, 4)
    with pytest.raises(ValueError, match="output_dim=4"):
        layer(np.ones((2, 3), "float32"), reverse=True)
    with pytest.raises(ValueError, match="logit_soft_cap"):
        ReversibleEmbedding(10, 4, logit_soft_cap=-1.0)
