"""Attention and AdditiveAttention (they share one implementation)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import (
    assert_config_round_trip,
    assert_jit_matches_eager,
    assert_keras_parity,
    assert_same_config_keys,
    mask_of,
)

import lamina
from lamina.layers import AdditiveAttention, Attention, Embedding, Input

RNG = np.random.default_rng(1)
Q = RNG.normal(size=(2, 4, 3)).astype("float32")
V = RNG.normal(size=(2, 5, 3)).astype("float32")
K = RNG.normal(size=(2, 5, 3)).astype("float32")
Q_MASK = np.array([[1, 1, 0, 1], [1, 1, 1, 1]], bool)
V_MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)

VARIANTS = [
    ("Attention", {}),
    ("Attention", {"use_scale": True, "score_mode": "concat"}),
    ("AdditiveAttention", {}),
    ("AdditiveAttention", {"use_scale": False}),
]


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-5)


def _pair(name, kwargs):
    keras = pytest.importorskip("keras")
    layer = getattr(lamina.layers, name)(**kwargs)
    keras_layer = getattr(keras.layers, name)(**kwargs)
    layer([Q, V])
    keras_layer([Q, V])
    keras_layer.set_weights(layer.get_weights())
    return layer, keras_layer


@pytest.mark.parametrize("name, kwargs", VARIANTS)
def test_keras_parity_with_masks_causal_and_scores(name, kwargs):
    layer, keras_layer = _pair(name, kwargs)
    assert_same_config_keys(layer, keras_layer)
    assert [w.name for w in layer.weights] == [w.name for w in keras_layer.weights]
    for call_kwargs in ({"mask": [Q_MASK, V_MASK]}, {"use_causal_mask": True},
                        {"mask": [None, V_MASK], "return_attention_scores": True}):
        ours = layer([Q, V, K], **call_kwargs)
        theirs = keras_layer([Q, V, K], **call_kwargs)
        for a, b in zip(jax.tree_util.tree_leaves(ours), jax.tree_util.tree_leaves(theirs)):
            _close(a, b)
    assert_keras_parity(layer, keras_layer, [Q, V], mask=[Q_MASK, V_MASK])


def test_keras_parity_with_embedding_masks_in_a_model():
    keras = pytest.importorskip("keras")
    ids_q = np.array([[1, 2, 3, 0], [4, 1, 0, 0]], "int32")
    ids_v = np.array([[2, 2, 0], [1, 3, 4]], "int32")
    table = RNG.normal(size=(5, 3)).astype("float32")

    def build(lib):
        q, v = lib.Input((4,), dtype="int32"), lib.Input((3,), dtype="int32")
        embed = lib.layers.Embedding(5, 3, mask_zero=True)
        out = lib.layers.AdditiveAttention()([embed(q), embed(v)])
        return lib.Model([q, v], out)

    ours, theirs = build(lamina), build(keras)
    ours.set_weights([table, *ours.get_weights()[1:]])
    theirs.set_weights(ours.get_weights())
    _close(ours.predict([ids_q, ids_v], verbose=0), theirs.predict([ids_q, ids_v], verbose=0))


def test_attached_masks_are_used_and_output_keeps_query_mask():
    ids = np.array([[1, 2, 0, 0], [3, 3, 3, 0]])
    embedded = Embedding(4, 3, mask_zero=True)(ids)
    layer = Attention()
    out = layer([embedded, embedded])
    np.testing.assert_array_equal(np.asarray(mask_of(out)), ids != 0)
    plain = np.asarray(embedded)
    _close(out, layer([plain, plain], mask=[ids != 0, ids != 0]))
    assert mask_of(layer([Q, V])) is None
    assert layer.compute_mask([Q, V], [None, V_MASK]) is None


def test_key_mask_is_combined_with_the_value_mask():
    layer = Attention()
    key_mask = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 0]], bool)
    _, scores = layer([Q, V, K], mask=[None, V_MASK, key_mask], return_attention_scores=True)
    assert np.all(np.asarray(scores)[~np.broadcast_to((V_MASK & key_mask)[:, None], (2, 4, 5))]
                  == 0)


def test_masked_queries_and_fully_masked_rows_give_zeros_not_nan():
    layer = AdditiveAttention()
    out, scores = layer([Q, V], mask=[Q_MASK, np.zeros((2, 5), bool)],
                        return_attention_scores=True)
    assert np.all(np.asarray(out) == 0) and np.all(np.asarray(scores) == 0)
    out = layer([Q, V], mask=[Q_MASK, V_MASK])
    assert np.all(np.asarray(out)[~Q_MASK] == 0)


@pytest.mark.parametrize("cls", [Attention, AdditiveAttention])
def test_nan_padding_reaches_neither_outputs_nor_gradients(cls):
    layer = cls()
    layer([Q, V])
    padded_q, padded_v = Q.copy(), V.copy()
    padded_q[~Q_MASK] = np.nan
    padded_v[~V_MASK] = np.nan
    out = layer([padded_q, padded_v], mask=[Q_MASK, V_MASK])
    _close(np.asarray(out)[Q_MASK], np.asarray(layer([Q, V], mask=[Q_MASK, V_MASK]))[Q_MASK])

    def loss(q, v):
        out, _ = layer.stateless_call([w.value for w in layer.trainable_variables], [],
                                      [q, v], mask=[Q_MASK, V_MASK])
        return jnp.sum(out)

    grads = jax.jit(jax.grad(loss, argnums=(0, 1)))(padded_q, padded_v)
    assert all(np.all(np.isfinite(g)) for g in grads)


def test_causal_stays_causal_with_dropout():
    layer = Attention(dropout=0.5, seed=0)
    out, scores = layer([Q, Q], use_causal_mask=True, training=True,
                        return_attention_scores=True)
    assert np.all(np.asarray(scores)[:, np.triu(np.ones((4, 4), bool), 1)] == 0)
    assert np.any(np.asarray(scores) == 0) and np.all(np.isfinite(out))
    _close(layer([Q, Q]), layer([Q, Q], training=False))


def test_symbolic_jit_and_config():
    q, v = Input((None, 3)), Input((5, 3))
    out, scores = Attention(score_mode="concat")([q, v], return_attention_scores=True)
    assert out.shape == (None, None, 3) and scores.shape == (None, None, 5)
    assert_jit_matches_eager(AdditiveAttention(dropout=0.2), [Q, V], mask=[Q_MASK, V_MASK])
    layer = Attention(use_scale=True, dropout=0.1, seed=2)
    layer([Q, V])
    assert_config_round_trip(layer)
    assert "score_mode" not in AdditiveAttention().get_config()
    assert AdditiveAttention().compute_output_shape([(None, 4, 3), (None, 5, 2)]) == (None, 4, 2)


def test_fit_step_with_masked_inputs():
    ids = Input((4,), dtype="int32")
    embedded = Embedding(5, 3, mask_zero=True)(ids)
    attended = AdditiveAttention(dropout=0.1, seed=0)([embedded, embedded])
    model = lamina.Model(ids, lamina.layers.Dense(1)(attended))
    model.compile(optimizer="sgd", loss="mse")
    loss = model.train_on_batch(np.array([[1, 2, 0, 0], [3, 4, 1, 0]]), np.zeros((2, 4, 1)))
    assert np.isfinite(loss)


def test_errors_name_the_layer():
    with pytest.raises(ValueError, match="score_mode must be one of"):
        Attention(score_mode="cosine")
    layer = Attention(name="att")
    with pytest.raises(ValueError, match=r"'att'.*list \[query, value\]"):
        layer(Q)
    with pytest.raises(ValueError, match=r"'att'.*mask must be a list"):
        layer([Q, V], mask=Q_MASK)
    with pytest.raises(ValueError, match=r"'att'.*value_mask"):
        layer([Q, V], mask=[None, Q_MASK])
