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
from lamina.layers import Dense, Embedding, Input, MultiHeadAttention

RNG = np.random.default_rng(0)
Q = RNG.normal(size=(2, 4, 6)).astype("float32")
V = RNG.normal(size=(2, 5, 7)).astype("float32")
Q_MASK = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)
V_MASK = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], bool)


def _pair(keras, build_args=(Q, V), **kwargs):
    layer = MultiHeadAttention(2, 3, **kwargs)
    keras_layer = keras.layers.MultiHeadAttention(2, 3, **kwargs)
    layer(*build_args)
    keras_layer.build(*(x.shape for x in build_args))  # Keras's fused path fails for value_dim
    keras_layer.set_weights(layer.get_weights())
    return layer, keras_layer


def _close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-5)


@pytest.fixture(scope="module")
def layer():
    """One built layer shared by the tests that only call it (building is the slow part)."""
    built = MultiHeadAttention(2, 3)
    built(Q, V)
    return built


@pytest.fixture(scope="module")
def dropout_layer():
    """A self-attention layer (built on ``Q`` alone) with dropout."""
    built = MultiHeadAttention(2, 3, dropout=0.5, seed=1)
    built(Q)
    return built


@pytest.fixture(scope="module")
def keras_pair():
    keras = pytest.importorskip("keras")
    return _pair(keras)


def test_weights_follow_keras_layout():
    layer = MultiHeadAttention(2, 3, output_shape=(2, 5), use_gate=True)
    layer(Q, V)
    shapes = [(w.path, w.shape) for w in layer.weights]
    assert shapes == [
        ("query/kernel", (6, 2, 3)), ("query/bias", (2, 3)),
        ("key/kernel", (7, 2, 3)), ("key/bias", (2, 3)),
        ("gate/kernel", (6, 2, 3)), ("gate/bias", (2, 3)),
        ("value/kernel", (7, 2, 3)), ("value/bias", (2, 3)),
        ("attention_output/kernel", (2, 3, 2, 5)), ("attention_output/bias", (2, 5)),
    ]
    assert layer(Q, V).shape == (2, 4, 2, 5)
    query_kernel, _, key_kernel, _, gate_kernel, _, value_kernel = layer.get_weights()[:7]
    assert not np.allclose(query_kernel, gate_kernel)  # one fresh initializer per projection
    assert not np.allclose(key_kernel, value_kernel)


@pytest.mark.parametrize("call_kwargs", [
    {},
    {"use_causal_mask": True},
    {"attention_mask": RNG.random((2, 4, 5)) > 0.3},
    {"return_attention_scores": True},
])
def test_keras_parity(keras_pair, call_kwargs):
    layer, keras_layer = keras_pair
    assert_keras_parity(layer, keras_layer, Q, value=V, **call_kwargs)


@pytest.mark.parametrize("kwargs, call_kwargs", [
    ({"use_gate": True, "output_shape": 3, "sliding_window": 2}, {"use_causal_mask": True}),
    ({"value_dim": 2, "use_bias": False}, {"return_attention_scores": True}),
    ({"dropout": 0.3}, {"training": False}),
])
def test_keras_parity_of_variants(kwargs, call_kwargs):
    keras = pytest.importorskip("keras")
    layer, keras_layer = _pair(keras, **kwargs)
    assert_same_config_keys(layer, keras_layer)
    assert_keras_parity(layer, keras_layer, Q, value=V, grads=False, **call_kwargs)


def test_keras_parity_causal_with_scores_and_mask(keras_pair):
    layer, keras_layer = keras_pair
    attention_mask = RNG.random((2, 4, 5)) > 0.2
    ours = layer(Q, V, attention_mask=attention_mask, use_causal_mask=True,
                 return_attention_scores=True)
    theirs = keras_layer(Q, V, attention_mask=attention_mask, use_causal_mask=True,
                         return_attention_scores=True)
    for a, b in zip(ours, theirs):
        _close(a, b)
    assert np.all(np.asarray(ours[1])[:, :, np.triu_indices(4, 1)[0], np.triu_indices(4, 1)[1]]
                  == 0)


@pytest.mark.parametrize("axes", [None, (2, 1)])
def test_keras_parity_attention_axes(axes):
    keras = pytest.importorskip("keras")
    x = RNG.normal(size=(2, 3, 4, 5)).astype("float32")
    layer, keras_layer = _pair(keras, build_args=(x, x), attention_axes=axes)
    ours = layer(x, x, return_attention_scores=True)
    theirs = keras_layer(x, x, return_attention_scores=True)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape
        _close(a, b)
    assert_keras_parity(layer, keras_layer, x, value=x, grads=False)


def test_keras_parity_with_query_and_value_masks(keras_pair):
    """Keras ignores an explicit query_mask; its effect equals an attention_mask."""
    layer, keras_layer = keras_pair
    ours = layer(Q, V, query_mask=Q_MASK, value_mask=V_MASK, return_attention_scores=True)
    pairs = Q_MASK[:, :, None] & V_MASK[:, None, :]
    theirs = keras_layer(Q, V, attention_mask=pairs, return_attention_scores=True)
    for a, b in zip(ours, theirs):
        _close(a, b)
    _close(layer(Q, V, value_mask=V_MASK), keras_layer(Q, V, value_mask=V_MASK))


def test_keras_parity_with_embedding_masks_in_a_model():
    keras = pytest.importorskip("keras")
    ids = np.array([[3, 1, 4, 0, 0], [2, 5, 0, 0, 0]], "int32")
    table = RNG.normal(size=(6, 4)).astype("float32")

    def build(lib):
        inputs = lib.Input((None,), dtype="int32")
        embedded = lib.layers.Embedding(6, 4, mask_zero=True)(inputs)
        out = lib.layers.MultiHeadAttention(2, 3, name="mha")(embedded, embedded)
        return lib.Model(inputs, out)

    ours, theirs = build(lamina), build(keras)
    ours.set_weights([table] + ours.get_layer("mha").get_weights())
    theirs.set_weights(ours.get_weights())
    a, b = np.asarray(ours.predict(ids, verbose=0)), np.asarray(theirs.predict(ids, verbose=0))
    valid = ids != 0  # Keras's fused path averages fully masked rows; lamina gives 0 weights
    _close(a[valid], b[valid])


def test_keras_weights_load_into_lamina(keras_pair):
    layer, keras_layer = keras_pair
    keras = pytest.importorskip("keras")
    fresh = keras.layers.MultiHeadAttention(2, 3)
    fresh.build(Q.shape, V.shape)
    keras_layer.set_weights(fresh.get_weights())
    layer.set_weights(keras_layer.get_weights())
    _close(layer(Q, V), keras_layer(Q, V))


def test_keras_config_loads():
    keras = pytest.importorskip("keras")
    keras_layer = keras.layers.MultiHeadAttention(
        4, 2, output_shape=(3,), attention_axes=(1,), kernel_regularizer="l2", dropout=0.1)
    layer = MultiHeadAttention.from_config(keras_layer.get_config())
    assert layer(Q, V).shape == (2, 4, 3)
    assert layer.get_config()["attention_axes"] == (1,)


def test_symbolic_jit_config_and_build_config():
    q, v = Input((None, 6)), Input((5, 7))
    out, scores = MultiHeadAttention(2, 3, name="mha")(q, v, return_attention_scores=True)
    assert out.shape == (None, None, 6) and scores.shape == (None, 2, None, 5)
    model = lamina.Model([q, v], [out, scores])
    a, s = model.predict([Q, V], verbose=0)
    assert a.shape == (2, 4, 6) and s.shape == (2, 2, 4, 5)
    layer = model.get_layer("mha")
    assert_jit_matches_eager(MultiHeadAttention(2, 3, dropout=0.5), Q)
    assert_config_round_trip(layer)
    restored = MultiHeadAttention.from_config(layer.get_config())
    restored.build_from_config(layer.get_build_config())
    restored.set_weights(layer.get_weights())
    _close(restored(Q, V), layer(Q, V))
    assert MultiHeadAttention(2, 3, output_shape=4).compute_output_shape((None, 3, 6)) == (
        None, 3, 4)


def test_self_attention_without_value_uses_the_query_and_its_mask(dropout_layer):
    layer = dropout_layer
    _close(layer(Q), layer(Q, Q))
    _close(layer(Q, mask=Q_MASK), layer(Q, Q, query_mask=Q_MASK, value_mask=Q_MASK))
    with pytest.raises(ValueError, match="mask= is the query's mask"):
        layer(Q, mask=[Q_MASK, Q_MASK])


def test_attached_masks_fill_query_and_value_masks_and_output_keeps_query_mask(layer):
    ids_q = np.array([[1, 2, 3, 0], [1, 1, 1, 1]])
    ids_v = np.where(V_MASK, 2, 0)
    emb = Embedding(4, 6, mask_zero=True)
    emb_v = Embedding(4, 7, mask_zero=True)
    q, v = emb(ids_q), emb_v(ids_v)
    out = layer(q, v)
    np.testing.assert_array_equal(np.asarray(mask_of(out)), ids_q != 0)
    _close(out, layer(np.asarray(q), np.asarray(v), query_mask=ids_q != 0, value_mask=V_MASK))
    # An explicit value_mask wins over the attached one.
    full = np.ones_like(V_MASK)
    _close(layer(q, v, value_mask=full), layer(np.asarray(q), np.asarray(v),
                                                query_mask=ids_q != 0))


def test_fully_masked_rows_are_finite_and_attend_to_nothing(layer):
    nothing = np.zeros((2, 5), bool)
    out, scores = layer(Q, V, value_mask=nothing, return_attention_scores=True)
    assert np.all(np.isfinite(out)) and np.all(np.asarray(scores) == 0)
    bias = layer.output_dense.bias.numpy()
    _close(out, np.broadcast_to(bias, out.shape))
    out = layer(Q, V, query_mask=Q_MASK)
    assert np.all(np.isfinite(out))


def test_nan_padding_reaches_neither_valid_outputs_nor_gradients(layer):
    padded_v = V.copy()
    padded_v[~V_MASK] = np.nan
    padded_q = Q.copy()
    padded_q[~Q_MASK] = np.inf
    ref = layer(Q, V, query_mask=Q_MASK, value_mask=V_MASK)
    out = layer(padded_q, padded_v, query_mask=Q_MASK, value_mask=V_MASK)
    _close(np.asarray(out)[Q_MASK], np.asarray(ref)[Q_MASK])
    assert np.all(np.isfinite(out))

    def loss(weights, q, v):
        out, _ = layer.stateless_call(weights, [], q, v, query_mask=Q_MASK, value_mask=V_MASK)
        return jnp.sum(out)

    weights = [w.value for w in layer.trainable_variables]
    grads = jax.grad(loss, argnums=(0, 1, 2))(weights, padded_q, padded_v)
    assert all(np.all(np.isfinite(g)) for g in jax.tree_util.tree_leaves(grads))


def test_attention_mask_that_excludes_nan_positions_is_enough(layer):
    padded_v = V.copy()
    padded_v[:, -1] = np.nan
    allowed = np.ones((2, 4, 5), bool)
    allowed[:, :, -1] = False
    out = layer(Q, padded_v, attention_mask=allowed)
    _close(out, layer(Q, V[:, :-1]))


def _causal_jacobian(layer, x, **call_kwargs):
    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]

    def first_step(x):
        out, _ = layer.stateless_call(trainable, frozen, x, use_causal_mask=True, **call_kwargs)
        out = out[0] if isinstance(out, tuple) else out
        return out[:, 1]

    return np.asarray(jax.jit(jax.jacobian(first_step))(jnp.asarray(x)))  # (B, D, B, T, D)


@pytest.mark.parametrize("call_kwargs", [
    {"training": True},
    {"training": True, "return_attention_scores": True},
    {"training": False, "return_attention_scores": True},
])
def test_causal_mask_stays_causal_with_dropout_and_scores(dropout_layer, call_kwargs):
    layer = dropout_layer
    jac = _causal_jacobian(layer, Q, **call_kwargs)
    assert np.all(jac[:, :, :, 2:] == 0)  # step 1 never sees steps 2, 3
    assert np.any(jac[:, :, :, :2] != 0)
    if call_kwargs.get("return_attention_scores"):
        _, scores = layer(Q, use_causal_mask=True, **call_kwargs)
        assert np.all(np.triu(np.ones((4, 4)), 1)[None, None] * np.asarray(scores) == 0)


def test_dropout_is_training_only_and_advances_seed(dropout_layer):
    layer = dropout_layer
    _close(layer(Q), layer(Q, training=False))
    a, b = layer(Q, training=True), layer(Q, training=True)
    assert not np.allclose(a, b)


def test_fused_path_matches_the_explicit_path(layer):
    explicit = MultiHeadAttention(2, 3, flash_attention=False)
    fused = MultiHeadAttention(2, 3, flash_attention=True)
    explicit(Q, V)
    fused(Q, V)
    explicit.set_weights(layer.get_weights())
    fused.set_weights(layer.get_weights())
    nothing = np.zeros_like(V_MASK)
    for kwargs in ({}, {"query_mask": Q_MASK, "value_mask": V_MASK},
                   {"use_causal_mask": True}, {"value_mask": nothing}):
        reference = explicit(Q, V, **kwargs)
        _close(fused(Q, V, **kwargs), reference)
        _close(layer(Q, V, **kwargs), reference)  # flash_attention=None picks the fused path
    with pytest.raises(ValueError, match="return_attention_scores"):
        fused(Q, V, return_attention_scores=True)
    with pytest.raises(ValueError, match="dropout"):
        MultiHeadAttention(2, 3, flash_attention=True, dropout=0.1)


def test_regularizers_add_losses():
    layer = MultiHeadAttention(2, 3, kernel_regularizer="l2", activity_regularizer="l1")
    layer(Q, V)
    assert len(layer.losses) == 4 + 4  # 4 projections' activity + 4 kernels


def test_errors_name_the_layer_and_argument(layer):
    with pytest.raises(ValueError, match="num_heads must be a positive integer"):
        MultiHeadAttention(0, 3)
    with pytest.raises(ValueError, match="output_shape"):
        MultiHeadAttention(2, 3, output_shape="wide")
    with pytest.raises(ValueError, match=rf"'{layer.name}'.*value_mask.*\(2, 5\)"):
        layer(Q, V, value_mask=Q_MASK)
    with pytest.raises(ValueError, match=rf"'{layer.name}'.*attention scores"):
        layer(Q, V, attention_mask=np.ones((2, 3, 5), bool))
    with pytest.raises(ValueError, match="rank >= 3"):
        MultiHeadAttention(2, 3)(np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="attention_axes"):
        MultiHeadAttention(2, 3, attention_axes=(3,))(Q, V)


def test_fit_with_dropout_then_save_and_load(tmp_path):
    x = Input((4, 6))
    h = MultiHeadAttention(2, 3, dropout=0.2, seed=0, use_gate=True)(x, x, use_causal_mask=True)
    model = lamina.Model(x, Dense(1)(h))
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(Q, np.zeros((2, 4, 1)), epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    model.save(tmp_path / "mha.keras")
    restored = lamina.saving.load_model(tmp_path / "mha.keras")
    _close(restored.predict(Q, verbose=0), model.predict(Q, verbose=0))
