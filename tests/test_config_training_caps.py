"""lamina.config additions: fit/evaluate/predict caps, interactive logging, and
enable_unsafe_deserialization (which must not let bytecode in)."""

import warnings

import numpy as np
import pytest

import lamina


@pytest.fixture
def caps():
    yield lamina.config
    lamina.config.set_max_epochs(None)
    lamina.config.set_max_steps_per_epoch(None)


class CountBatches(lamina.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train = self.test = self.predict = 0

    def on_train_batch_end(self, batch, logs=None):
        self.train += 1

    def on_test_batch_end(self, batch, logs=None):
        self.test += 1

    def on_predict_batch_end(self, batch, logs=None):
        self.predict += 1


def _model():
    model = lamina.Sequential([lamina.Input(shape=(2,)), lamina.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_caps_limit_epochs_and_steps(caps):
    x, y = np.ones((64, 2), "float32"), np.ones((64, 1), "float32")
    model = _model()
    caps.set_max_epochs(2)
    caps.set_max_steps_per_epoch(3)
    counter = CountBatches()
    with pytest.warns(UserWarning) as record:
        history = model.fit(
            x, y, batch_size=8, epochs=10, verbose=0, callbacks=[counter], validation_data=(x, y)
        )
    messages = {str(w.message) for w in record}
    assert {m.split(" (")[0] for m in messages} == {
        "Limiting epochs to 2",
        "Limiting steps_per_epoch to 3",
    }
    assert len(history.history["loss"]) == 2
    assert counter.train == 6 and counter.test == 6
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 3"):
        model.evaluate(x, y, batch_size=8, verbose=0, callbacks=[counter])
    assert counter.test == 9
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 3"):
        predictions = model.predict(x, batch_size=8, verbose=0, callbacks=[counter])
    assert predictions.shape == (24, 1)
    assert counter.predict == 3


def test_caps_do_nothing_when_larger_or_unset(caps):
    x, y = np.ones((16, 2), "float32"), np.ones((16, 1), "float32")
    caps.set_max_epochs(5)
    caps.set_max_steps_per_epoch(10)
    counter = CountBatches()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = _model().fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[counter])
    # As in Keras, a steps cap applies (and warns) whenever steps_per_epoch is not given.
    assert not any("epochs" in str(w.message) for w in caught)
    assert len(history.history["loss"]) == 3 and counter.train == 6
    caps.set_max_epochs(None)
    caps.set_max_steps_per_epoch(None)
    assert caps.max_epochs() is None and caps.max_steps_per_epoch() is None


@pytest.mark.parametrize("value", [0, -1, 1.5, "3", True])
def test_caps_reject_bad_values(caps, value):
    with pytest.raises(ValueError, match="set_max_epochs: expected a positive integer"):
        caps.set_max_epochs(value)
    with pytest.raises(ValueError, match="set_max_steps_per_epoch"):
        caps.set_max_steps_per_epoch(value)


def test_interactive_logging_switch():
    assert lamina.config.is_interactive_logging_enabled()
    lamina.config.disable_interactive_logging()
    assert not lamina.utils.is_interactive_logging_enabled()
    lamina.config.enable_interactive_logging()
    assert lamina.config.is_interactive_logging_enabled()


def _lambda_model_json():
    keras = pytest.importorskip("keras")
    inputs = keras.Input(shape=(2,))
    outputs = keras.layers.Lambda(lambda t: t * 2.0)(inputs)
    return keras, keras.Model(inputs, outputs)


def test_enable_unsafe_deserialization_never_loads_bytecode(tmp_path):
    keras, kmodel = _lambda_model_json()
    text = kmodel.to_json()
    assert "__lambda__" in text
    path = str(tmp_path / "lambda.keras")
    kmodel.save(path)
    lamina.config.enable_unsafe_deserialization()
    with pytest.raises(lamina.saving.SerializationError, match="never deserializes code"):
        lamina.models.model_from_json(text)
    with pytest.raises(Exception, match="never deserializes code"):
        lamina.saving.load_model(path, safe_mode=False)
