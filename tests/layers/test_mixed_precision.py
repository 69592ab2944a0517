"""Mixed precision in layers: 16-bit compute, float32 weights read cast inside ``call``,
float32 statistics in normalization layers, Keras 3 parity, configs and training."""

import numpy as np
import pytest

import lamina
from lamina import layers


def test_dense_computes_in_the_compute_dtype_and_stores_float32():
    layer = layers.Dense(3, dtype="mixed_float16")
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    out = layer(x)
    assert str(out.dtype) == "float16"
    assert layer.kernel.dtype == "float32" and layer.bias.dtype == "float32"
    expected = (x.astype("float16") @ np.asarray(layer.kernel.numpy(), "float16")).astype("float32")
    np.testing.assert_allclose(np.asarray(out, "float32"), expected, rtol=1e-2, atol=1e-2)


class _Probe(lamina.Layer):
    """Records the dtype its weights are read in during call."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(1,), initializer="ones")
        self.raw = self.add_weight(shape=(1,), initializer="ones", autocast=False)

    def call(self, x):
        self.seen = (str(self.w.value.dtype), str(self.raw.value.dtype))
        return x * self.w


def test_float_weights_are_read_in_the_compute_dtype_only_inside_call():
    probe = _Probe(dtype="mixed_bfloat16")
    out = probe(np.ones((2, 1), "float32"))
    assert probe.seen == ("bfloat16", "float32")
    assert str(out.dtype) == "bfloat16"
    assert probe.w.value.dtype == "float32"  # outside call: the stored dtype


def test_a_float32_layer_inside_a_mixed_layer_reads_float32():
    class Outer(lamina.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = _Probe(dtype="float32")

        def call(self, x):
            return self.inner(x)

    outer = Outer(dtype="mixed_float16")
    outer(np.ones((1, 1), "float32"))
    assert outer.inner.seen == ("float32", "float32")


@pytest.mark.parametrize("make", [
    lambda: layers.BatchNormalization(dtype="mixed_float16"),
    lambda: layers.LayerNormalization(dtype="mixed_float16"),
    lambda: layers.GroupNormalization(groups=2, dtype="mixed_float16"),
])
def test_normalization_statistics_do_not_overflow_in_float16(make):
    # Representable in float16, but squares (variances) far beyond its 65504 maximum.
    x = np.random.default_rng(1).normal(size=(4, 6)).astype("float32") * 3000.0
    layer = make()
    out = layer(x, training=True) if isinstance(layer, layers.BatchNormalization) else layer(x)
    assert str(out.dtype) == "float16"
    assert np.all(np.isfinite(np.asarray(out, "float32")))


def _model(lib):
    inputs = lib.Input((6, 3))
    h = lib.layers.Conv1D(4, 3, padding="same")(inputs)
    h = lib.layers.BatchNormalization()(h)
    h = lib.layers.LSTM(5, return_sequences=True)(h)
    h = lib.layers.LayerNormalization()(h)
    h = lib.layers.GlobalAveragePooling1D()(h)
    return lib.Model(inputs, lib.layers.Dense(2)(h))


@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_keras_parity_under_a_mixed_global_policy(policy):
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(2).normal(size=(3, 6, 3)).astype("float32")
    lamina.mixed_precision.set_global_policy(policy)
    keras.mixed_precision.set_global_policy(policy)
    try:
        ours, theirs = _model(lamina), _model(keras)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    theirs.set_weights(ours.get_weights())
    assert [w.dtype for w in ours.weights] == ["float32"] * len(ours.weights)
    got, want = ours.predict(x, verbose=0), theirs.predict(x, verbose=0)
    assert str(got.dtype) == str(want.dtype) == policy.replace("mixed_", "")
    np.testing.assert_allclose(np.asarray(got, "float32"), np.asarray(want, "float32"),
                               rtol=3e-2, atol=3e-2)
    assert ours.layers[1].get_config()["dtype"] == theirs.layers[1].get_config()["dtype"]


def test_policy_survives_config_and_saving(tmp_path):
    lamina.mixed_precision.set_global_policy("mixed_bfloat16")
    model = _model(lamina)
    lamina.mixed_precision.set_global_policy(None)
    path = tmp_path / "mixed.keras"
    model.save(path)
    loaded = lamina.saving.load_model(path)
    assert {layer.dtype_policy.name for layer in loaded.layers[1:]} == {"mixed_bfloat16"}
    x = np.ones((2, 6, 3), "float32")
    np.testing.assert_array_equal(np.asarray(loaded.predict(x, verbose=0), "float32"),
                                  np.asarray(model.predict(x, verbose=0), "float32"))


def _fit_losses(policy):
    lamina.mixed_precision.set_global_policy(policy)
    lamina.utils.set_random_seed(0)
    model = lamina.Sequential([lamina.Input((4,)), layers.Dense(16, activation="relu"),
                               layers.Dense(1)])
    model.compile(optimizer=lamina.optimizers.Adam(0.01), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 4)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5], [0.0]], "float32")
    history = model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    assert all(w.dtype == "float32" for w in model.weights)
    return history.history["loss"]


def test_fit_under_mixed_bfloat16_follows_the_float32_trajectory():
    mixed, full = _fit_losses("mixed_bfloat16"), _fit_losses(None)
    assert mixed[-1] < 0.2 * mixed[0]
    np.testing.assert_allclose(mixed, full, rtol=0.05)
