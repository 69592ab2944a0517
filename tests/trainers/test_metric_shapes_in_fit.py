"""Metrics whose state depends on the data's shape, or whose result is a vector, in fit."""

import numpy as np

import lamina
from lamina import Input, Model, layers


def test_f1_and_per_class_results_in_fit():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[rng.integers(0, 3, size=32)]
    inputs = Input(shape=(4,))
    model = Model(inputs, layers.Dense(3, activation="softmax")(inputs))
    model.compile(
        optimizer="adam",
        loss="categorical_crossentropy",
        metrics=[
            lamina.metrics.F1Score(average="macro"),
            lamina.metrics.F1Score(average=None, name="f1_per_class"),
        ],
    )
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["f1_score"][0])
    assert np.asarray(history.history["f1_per_class"][0]).shape == (3,)
