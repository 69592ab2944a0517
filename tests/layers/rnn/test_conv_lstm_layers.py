"""ConvLSTM1D/2D/3D: Keras 3 weight layout, parity (outputs and input gradients), masks,
config, dropout, stateful runs and shape errors.

Masked parity: Keras 3.15's JAX ``rnn`` broadcasts its ``(batch, 1)`` step mask against
the trailing axes of a ConvLSTM's feature maps, so a masked Keras ConvLSTM call fails
(or mixes samples when a spatial size happens to equal the batch). The masked tests
therefore compare with what a mask means in Keras: each sample is run by Keras without
a mask on its valid steps only.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from layer_harness import assert_config_round_trip, assert_same_config_keys
from rnn_parity_helpers import assert_close, assert_masked_parity

import lamina
from lamina import layers
from lamina.core.masking import get_mask

NAMES = {1: "ConvLSTM1D", 2: "ConvLSTM2D", 3: "ConvLSTM3D"}
SIZES = {1: 5, 2: 4, 3: 3}


def make(lib, rank, filters=2, kernel_size=2, **kwargs):
    return getattr(lib.layers, NAMES[rank])(filters, kernel_size, **kwargs)


def seq(rank, batch=2, steps=4, channels=2, channels_first=False, seed=0):
    spatial = (SIZES[rank],) * rank
    shape = (batch, steps, channels, *spatial) if channels_first else (
        batch, steps, *spatial, channels)
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def step_mask(batch=2, steps=4):
    """Row 0: post-padding; row 1: pre-padding plus a hole."""
    mask = np.ones((batch, steps), bool)
    mask[0, steps - 1:] = False
    mask[1, 0] = False
    mask[1, 2] = False
    return mask


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_weights_have_keras_names_shapes_and_forget_bias(rank):
    layer = make(lamina, rank, filters=3, kernel_size=2)
    layer(seq(rank))
    kernel = (2,) * rank
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    assert [w.shape for w in layer.weights] == [(*kernel, 2, 12), (*kernel, 3, 12), (12,)]
    np.testing.assert_array_equal(layer.cell.bias.numpy(),
                                  np.r_[np.zeros(3), np.ones(3), np.zeros(6)])


def test_gate_order_is_i_f_c_o():
    layer = layers.ConvLSTM1D(1, 1, kernel_initializer="zeros",
                              recurrent_initializer="zeros", unit_forget_bias=False,
                              return_state=True)
    x = np.zeros((1, 1, 2, 1), "float32")
    layer(x)
    layer.cell.bias.assign(np.array([1.0, 2.0, 3.0, 4.0], "float32"))  # i, f, c, o
    c0 = np.full((1, 2, 1), 0.5, "float32")
    _, h, c = layer(x, initial_state=[np.zeros_like(c0), c0])
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    expected_c = sig(2.0) * 0.5 + sig(1.0) * np.tanh(3.0)
    np.testing.assert_allclose(np.asarray(c), np.full((1, 2, 1), expected_c), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(h), np.full((1, 2, 1), sig(4.0) * np.tanh(expected_c)),
                               rtol=1e-6)


PARITY = [  # every argument at least once, across the three ranks (each case ~5 s)
    (2, {"return_sequences": True, "go_backwards": True, "padding": "same"}),
    (2, {"padding": "same", "strides": 2, "return_state": True}),
    (2, {"dilation_rate": 2, "data_format": "channels_first", "return_sequences": True}),
    (2, {"use_bias": False, "unit_forget_bias": False, "activation": "relu",
         "recurrent_activation": "hard_sigmoid"}),
    (1, {"return_state": True, "go_backwards": True, "strides": 2}),
    (3, {"return_sequences": True, "padding": "same", "data_format": "channels_first"}),
]


@pytest.mark.parametrize("rank, kwargs", PARITY)
def test_keras_parity_outputs_and_input_gradients(rank, kwargs):
    keras = pytest.importorskip("keras")
    x = seq(rank, channels_first=kwargs.get("data_format") == "channels_first")
    assert_masked_parity(make(lamina, rank, **kwargs), make(keras, rank, **kwargs), x,
                         mask=None)


def _keras_on_valid_steps(theirs, x, mask, go_backwards):
    """Per sample: Keras' outputs on the valid steps only (what a mask means)."""
    results = []
    for b in range(x.shape[0]):
        valid = np.flatnonzero(mask[b])
        results.append(theirs(x[b:b + 1, valid]))
    return results


def _processed_valid_positions(mask_row, go_backwards):
    """Indices of the sequence output (in processing order) that are valid steps."""
    steps = mask_row.shape[0]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    return [k for k, t in enumerate(order) if mask_row[t]]


@pytest.mark.parametrize("rank, kwargs", [
    (2, {"return_sequences": True, "return_state": True}),
    (2, {"return_sequences": True, "return_state": True, "go_backwards": True}),
    (1, {"return_sequences": True, "return_state": True, "padding": "same"}),
    (3, {"return_sequences": True, "return_state": True, "go_backwards": True}),
])
def test_masked_outputs_match_keras_on_the_valid_steps(rank, kwargs):
    keras = pytest.importorskip("keras")
    x, mask = seq(rank), step_mask()
    ours, theirs = make(lamina, rank, **kwargs), make(keras, rank, **kwargs)
    ours(x), theirs(x)
    theirs.set_weights(ours.get_weights())
    out, h, c = (np.asarray(t) for t in ours(x, mask=mask))
    go_backwards = kwargs.get("go_backwards", False)
    for b, (k_out, k_h, k_c) in enumerate(_keras_on_valid_steps(theirs, x, mask,
                                                                 go_backwards)):
        valid = _processed_valid_positions(mask[b], go_backwards)
        assert_close([out[b, valid], h[b], c[b]], [k_out[0], k_h[0], k_c[0]])
        # A masked step repeats the previous output (zeros before the first valid one).
        previous = np.zeros_like(out[b, 0])
        for k in range(out.shape[1]):
            if k not in valid:
                np.testing.assert_array_equal(out[b, k], previous)
            previous = out[b, k]
    out_mask = get_mask(ours(x, mask=mask)[0])
    expected = mask[:, ::-1] if go_backwards else mask
    np.testing.assert_array_equal(np.asarray(out_mask), expected)


@pytest.mark.parametrize("go_backwards", [False, True])
def test_masked_input_gradients_match_keras_on_the_valid_steps(go_backwards):
    keras = pytest.importorskip("keras")
    x, mask = seq(2), step_mask()
    ours = layers.ConvLSTM2D(2, 2, go_backwards=go_backwards)
    theirs = keras.layers.ConvLSTM2D(2, 2, go_backwards=go_backwards)
    ours(x), theirs(x)
    theirs.set_weights(ours.get_weights())
    cot = jnp.asarray(np.random.default_rng(5).standard_normal(
        np.asarray(ours(x)).shape).astype("float32"))

    def our_loss(inputs):
        out, _ = ours.stateless_call([v.value for v in ours.trainable_variables],
                                     [v.value for v in ours.non_trainable_variables],
                                     inputs, mask=mask)
        return jnp.sum(out * cot)

    grads = np.asarray(jax.grad(our_loss)(jnp.asarray(x)))
    weights = [v.value for v in theirs.trainable_variables]
    frozen = [v.value for v in theirs.non_trainable_variables]
    for b in range(x.shape[0]):
        valid = np.flatnonzero(mask[b])

        def keras_loss(inputs, b=b):
            out, _ = theirs.stateless_call(weights, frozen, inputs)
            return jnp.sum(out * cot[b:b + 1])

        expected = np.asarray(jax.grad(keras_loss)(jnp.asarray(x[b:b + 1, valid])))
        np.testing.assert_allclose(grads[b, valid], expected[0], rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(grads[b, ~mask[b]], 0.0)


def test_nan_in_masked_steps_reaches_neither_outputs_nor_gradients():
    x, mask = seq(1), step_mask()
    x[0, -1] = np.nan
    layer = layers.ConvLSTM1D(2, 2)
    layer(x, mask=mask)

    def loss(inputs):
        out, _ = layer.stateless_call([v.value for v in layer.trainable_variables],
                                      [v.value for v in layer.non_trainable_variables],
                                      inputs, mask=mask)
        return jnp.sum(out)

    assert np.isfinite(np.asarray(layer(x, mask=mask))).all()
    assert np.isfinite(np.asarray(jax.grad(loss)(jnp.asarray(x)))).all()


def test_mask_ends_without_return_sequences_and_pairs_with_states():
    x, mask = seq(2), step_mask()
    assert layers.ConvLSTM2D(2, 2).compute_mask(x, mask) is None
    masks = layers.ConvLSTM2D(2, 2, return_sequences=True, return_state=True).compute_mask(
        x, mask)
    assert len(masks) == 3 and masks[1] is None and masks[2] is None
    np.testing.assert_array_equal(np.asarray(masks[0]), mask)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_config_round_trip_and_keras_config_keys(rank):
    keras = pytest.importorskip("keras")
    kwargs = {"padding": "same", "strides": 1, "dilation_rate": 1, "dropout": 0.25,
              "recurrent_dropout": 0.5, "seed": 3, "return_sequences": True,
              "go_backwards": True, "kernel_regularizer": "l2", "unit_forget_bias": False}
    ours = make(lamina, rank, filters=3, kernel_size=2, **kwargs)
    rebuilt = assert_config_round_trip(ours)
    assert rebuilt.filters == 3 and rebuilt.kernel_size == (2,) * rank
    assert rebuilt.dropout == 0.25 and rebuilt.recurrent_dropout == 0.5
    assert rebuilt.cell.seed == 3 and rebuilt.go_backwards
    assert_same_config_keys(ours, make(keras, rank, filters=3, kernel_size=2, **kwargs))


def test_symbolic_model_shapes_and_keras_output_shapes():
    keras = pytest.importorskip("keras")
    for rank in (1, 2, 3):
        for kwargs in ({"return_sequences": True, "strides": 2},
                       {"return_state": True, "padding": "same"}):
            x = seq(rank)
            inputs = lamina.Input(x.shape[1:])
            out = make(lamina, rank, **kwargs)(inputs)
            expected = make(keras, rank, **kwargs).compute_output_shape((None, *x.shape[1:]))
            got = [tuple(t.shape) for t in out] if isinstance(out, list) else tuple(out.shape)
            assert got == (list(expected) if isinstance(expected, tuple) and isinstance(
                expected[0], tuple) else expected)


def test_dropout_trains_with_fresh_masks_and_is_off_at_inference():
    x = seq(2)
    layer = layers.ConvLSTM2D(2, 2, dropout=0.5, recurrent_dropout=0.5, seed=1,
                              return_sequences=True)
    plain = layers.ConvLSTM2D(2, 2, return_sequences=True)
    layer(x), plain(x)
    plain.set_weights(layer.get_weights())
    assert_close(layer(x), plain(x))  # inference: no dropout
    first, second = layer(x, training=True), layer(x, training=True)
    assert np.isfinite(np.asarray(first)).all()
    assert not np.allclose(np.asarray(first), np.asarray(plain(x)))
    assert not np.allclose(np.asarray(first), np.asarray(second))  # a new mask per call
    model = lamina.Sequential([lamina.Input(x.shape[1:]), layer, layers.Flatten(),
                               layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, np.ones((2, 1), "float32"), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


def test_stateful_carries_states_across_batches():
    x = seq(1, steps=4)
    stateful = layers.ConvLSTM1D(2, 2, stateful=True)
    whole = layers.ConvLSTM1D(2, 2)
    stateful(x[:, :2]), whole(x)
    whole.set_weights(stateful.get_weights())
    stateful.reset_state()
    stateful(x[:, :2])
    assert_close(stateful(x[:, 2:]), whole(x))
    stateful.reset_state()
    assert_close(stateful(x), whole(x))


def test_shape_and_argument_errors_name_the_layer():
    with pytest.raises(ValueError, match="c3.*expected ndim=6"):
        layers.ConvLSTM3D(2, 2, name="c3")(seq(2))
    with pytest.raises(ValueError, match="static spatial sizes"):
        layers.ConvLSTM2D(2, 2)(lamina.Input((3, None, 4, 2)))
    with pytest.raises(ValueError, match="no output.*padding='same'"):
        layers.ConvLSTM1D(2, 7)(seq(1))
    with pytest.raises(ValueError, match="strides > 1 cannot be combined"):
        layers.ConvLSTM2D(2, 2, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding must be one of"):
        layers.ConvLSTM1D(2, 2, padding="causal")
    with pytest.raises(ValueError, match="filters must be a positive integer"):
        layers.ConvLSTM2D(0, 2)
    with pytest.raises(ValueError, match="kernel_size must be an int or a tuple"):
        layers.ConvLSTM2D(2, (2, 2, 2))
    with pytest.raises(ValueError, match="dropout must be a float in"):
        layers.ConvLSTM2D(2, 2, dropout=1.5)
    layer = layers.ConvLSTM2D(2, 2, name="enc")
    layer(seq(2))
    with pytest.raises(ValueError, match="enc.*shape"):
        layer(seq(2), initial_state=[np.zeros((2, 4, 4, 2), "float32")] * 2)
