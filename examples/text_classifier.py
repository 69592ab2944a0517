"""Padded variable-length text classification: Embedding(mask_zero) -> LSTM -> Dense.

The data is generated here: "sentences" are random token ids of random lengths, padded
with 0, and the label says whether the "keyword" token 7 appears. The Embedding layer
creates the mask from the padding, the LSTM consumes it (padded steps keep the previous
state) and, returning only its last output, ends it. Run:
``python examples/text_classifier.py``.
"""

import numpy as np

import lamina as keras

VOCAB, MAX_LEN, KEYWORD = 50, 20, 7


def make_data(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(3, MAX_LEN + 1, size=n)
    x = np.zeros((n, MAX_LEN), "int32")
    for i, length in enumerate(lengths):
        x[i, :length] = rng.integers(1, VOCAB, size=length)
    y = (x == KEYWORD).any(axis=1).astype("float32")[:, None]
    return x, y


def build_model():
    tokens = keras.Input(shape=(MAX_LEN,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(VOCAB, 16, mask_zero=True)(tokens)
    x = keras.layers.LSTM(32)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(tokens, outputs, name="text_classifier")
    model.compile(
        optimizer=keras.optimizers.Adam(5e-3), loss="binary_crossentropy", metrics=["accuracy"]
    )
    return model


def main(epochs=8, verbose=2):
    keras.utils.set_random_seed(0)
    x, y = make_data()
    x_test, y_test = make_data(500, seed=1)
    model = build_model()
    model.fit(x, y, batch_size=64, epochs=epochs, validation_split=0.1, verbose=verbose)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    main()
