"""Callback hook order during fit (with validation), evaluate and predict, as in the talk."""

import numpy as np

from lamina import Input, Model, callbacks, layers


class Recorder(callbacks.Callback):
    def __init__(self, name, trace):
        super().__init__()
        self.name, self.trace = name, trace

    def _record(self, hook, *args):
        self.trace.append((self.name, hook, *args))


for _hook in (
    "on_train_begin",
    "on_train_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
):
    setattr(Recorder, _hook, lambda self, logs=None, _h=_hook: self._record(_h))
for _hook in (
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
):
    setattr(Recorder, _hook, lambda self, index, logs=None, _h=_hook: self._record(_h, index))


def _model():
    x = Input(shape=(2,))
    model = Model(x, layers.Dense(1)(x))
    model.compile(optimizer="sgd", loss="mse")
    return model


def _only(trace, name):
    return [entry[1:] for entry in trace if entry[0] == name]


def test_fit_with_validation_trace():
    trace = []
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    _model().fit(
        x,
        y,
        batch_size=2,
        epochs=2,
        validation_data=(x[:2], y[:2]),
        verbose=0,
        callbacks=[Recorder("a", trace), Recorder("b", trace)],
    )
    epoch = lambda e: [  # noqa: E731
        ("on_epoch_begin", e),
        ("on_train_batch_begin", 0),
        ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1),
        ("on_train_batch_end", 1),
        ("on_test_begin",),
        ("on_test_batch_begin", 0),
        ("on_test_batch_end", 0),
        ("on_test_end",),
        ("on_epoch_end", e),
    ]
    expected = [("on_train_begin",), *epoch(0), *epoch(1), ("on_train_end",)]
    assert _only(trace, "a") == expected
    assert _only(trace, "b") == expected
    # callbacks run in list order at every event
    assert [entry[0] for entry in trace[:2]] == ["a", "b"]


def test_evaluate_and_predict_traces():
    trace = []
    model = _model()
    x, y = np.ones((3, 2), "float32"), np.ones((3, 1), "float32")
    model.evaluate(x, y, batch_size=2, verbose=0, callbacks=[Recorder("a", trace)])
    model.predict(x, batch_size=2, verbose=0, callbacks=[Recorder("a", trace)])
    assert _only(trace, "a") == [
        ("on_test_begin",),
        ("on_test_batch_begin", 0),
        ("on_test_batch_end", 0),
        ("on_test_batch_begin", 1),
        ("on_test_batch_end", 1),
        ("on_test_end",),
        ("on_predict_begin",),
        ("on_predict_batch_begin", 0),
        ("on_predict_batch_end", 0),
        ("on_predict_batch_begin", 1),
        ("on_predict_batch_end", 1),
        ("on_predict_end",),
    ]


def test_logs_written_by_one_callback_reach_the_next_and_history():
    class Writer(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["double_loss"] = 2 * logs["loss"]

    class Reader(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.seen = logs["double_loss"]

    reader = Reader()
    history = _model().fit(
        np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[Writer(), reader]
    )
    assert reader.seen == 2 * history.history["loss"][0]
    assert history.history["double_loss"] == [reader.seen]
