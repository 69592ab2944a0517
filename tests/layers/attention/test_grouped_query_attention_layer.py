import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
)

import lamina
from lamina.core.masking import get_mask
from lamina.layers import Embedding, GroupQueryAttention, Input, MultiHeadAttention

RNG = np.random.default_rng(0)
Q = RNG.normal(size=(2, 4, 6)).astype("float32")
V = RNG.normal(size=(2, 5, 6)).astype("float32")
Q_MASK = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)
V_MASK = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], bool)


def _pair(keras, **kwargs):
    layer = GroupQueryAttention(3, 4, 2, **kwargs)
    keras_layer = keras.layers.GroupQueryAttention(3, 4, 2, **kwargs)
    layer(Q, V)
    keras_layer.build(Q.shape, V.shape)
    return layer, keras_layer


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-5)


@pytest.fixture(scope="module")
def keras_pair():
    keras = pytest.importorskip("keras")
    return _pair(keras)


def test_weights_follow_keras_layout():
    layer = GroupQueryAttention(3, 4, 2, use_gate=True)
    layer(Q, V)
    assert [(w.path, w.shape) for w in layer.weights] == [
        ("query/kernel", (6, 4, 3)), ("query/bias", (4, 3)),
        ("key/kernel", (6, 2, 3)), ("key/bias", (2, 3)),
        ("gate/kernel", (6, 4, 3)), ("gate/bias", (4, 3)),
        ("value/kernel", (6, 2, 3)), ("value/bias", (2, 3)),
        ("attention_output/kernel", (4, 3, 6)), ("attention_output/bias", (6,)),
    ]


@pytest.mark.parametrize("call_kwargs", [
    {},
    {"use_causal_mask": True},
    {"attention_mask": RNG.random((2, 4, 5)) > 0.3},
    {"return_attention_scores": True},
    {"attention_mask": RNG.random((2, 4, 5)) > 0.3, "use_causal_mask": True,
     "return_attention_scores": True},
])
def test_keras_parity(keras_pair, call_kwargs):
    layer, keras_layer = keras_pair
    assert_keras_parity(layer, keras_layer, Q, value=V, **call_kwargs)


@pytest.mark.parametrize("kwargs, call_kwargs", [
    ({"use_gate": True, "sliding_window": 2}, {"use_causal_mask": True}),
    ({"use_bias": False, "flash_attention": False}, {"return_attention_scores": True}),
    ({"dropout": 0.3, "seed": 1}, {"training": False}),
])
def test_keras_parity_of_variants(kwargs, call_kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = _pair(keras, **kwargs)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, Q, value=V, **call_kwargs)


def test_keras_parity_with_masks(keras_pair):
    """Keras ignores an explicit query_mask; its effect equals an attention_mask."""
    layer, keras_layer = keras_pair
    ours = layer(Q, V, query_mask=Q_MASK, value_mask=V_MASK, return_attention_scores=True)
    pairs = Q_MASK[:, :, None] & V_MASK[:, None, :]
    theirs = keras_layer(Q, V, attention_mask=pairs, return_attention_scores=True)
    valid = Q_MASK
    _close(np.asarray(ours[0])[valid], np.asarray(theirs[0])[valid])
    _close(ours[1], theirs[1])
    assert_keras_parity(layer, keras_layer, Q, value=V, value_mask=V_MASK)
    assert_keras_parity(layer, keras_layer, Q, value=V, key=V[:, :, ::-1], key_mask=V_MASK)


def test_matches_multi_head_attention_when_heads_are_not_shared():
    gqa = GroupQueryAttention(3, 2, 2)
    mha = MultiHeadAttention(2, 3)
    gqa(Q, V)
    mha(Q, V)
    mha.set_weights(gqa.get_weights())
    _close(gqa(Q, V, use_causal_mask=True), mha(Q, V, use_causal_mask=True))


def test_fully_masked_queries_and_nan_padding_stay_finite():
    layer = GroupQueryAttention(3, 4, 1)
    padded = V.copy()
    padded[~V_MASK] = np.nan
    for flash in (None, False):
        layer._flash_attention = flash
        out = np.asarray(layer(Q, padded, value_mask=V_MASK, query_mask=Q_MASK))
        assert np.isfinite(out).all()
        _close(out[Q_MASK], np.asarray(layer(Q, np.nan_to_num(padded), value_mask=V_MASK))[
            Q_MASK])


def test_attached_masks_and_output_mask():
    ids = np.array([[1, 2, 3, 0], [1, 1, 1, 1]])
    x = Embedding(5, 6, mask_zero=True)(ids)
    layer = GroupQueryAttention(3, 4, 2)
    out = layer(x, x)
    np.testing.assert_array_equal(get_mask(out), ids != 0)
    _close(np.asarray(out)[ids != 0],
           np.asarray(layer(x, x, query_mask=ids != 0, value_mask=ids != 0))[ids != 0])


def test_symbolic_jit_config_dropout_and_training():
    q, v = Input((None, 6)), Input((5, 6))
    out, scores = GroupQueryAttention(3, 4, 2, name="gqa")(q, v, return_attention_scores=True)
    assert out.shape == (None, None, 6) and scores.shape == (None, 4, None, 5)
    model = lamina.Model([q, v], out)
    model.compile(optimizer="sgd", loss="mse")
    assert np.isfinite(model.train_on_batch([Q, V], np.zeros_like(Q)))
    layer = model.get_layer("gqa")
    assert_config_round_trip(layer)
    assert layer.get_config()["num_key_value_heads"] == 2
    dropout = GroupQueryAttention(3, 4, 2, dropout=0.5, seed=1)
    assert_jit_matches_eager(dropout, Q)
    assert not np.allclose(dropout(Q, training=True), dropout(Q, training=False))


def test_keras_config_loads_and_errors():
    keras = pytest.importorskip("keras")
    config = keras.layers.GroupQueryAttention(2, 4, 1, sliding_window=3).get_config()
    assert GroupQueryAttention.from_config(config)(Q, V).shape == Q.shape
    serialized = lamina.saving.serialize_keras_object(GroupQueryAttention(2, 4, 1))
    assert serialized["class_name"] == "GroupedQueryAttention"
    with pytest.raises(ValueError, match="multiple of num_key_value_heads"):
        GroupQueryAttention(2, 4, 3)
    with pytest.raises(ValueError, match="does not support dropout"):
        GroupQueryAttention(2, 4, 2, dropout=0.1, flash_attention=True)
    with pytest.raises(ValueError, match="attention_mask of shape"):
        GroupQueryAttention(2, 4, 2)(Q, V, attention_mask=np.ones((2, 3, 3), bool))
