"""Per-timestep tagging with a masked sequence loss.

Each token is tagged 1 when it is larger than the token before it. Sequences have random
lengths and are padded with 0; the mask from ``Embedding(mask_zero=True)`` flows through
the LSTM (``return_sequences=True`` keeps it) and the Dense layer to the loss and the
metrics, so padded timesteps get zero weight: the talk's sequence-aware loss. Run:
``python examples/sequence_tagging.py``.
"""

import numpy as np

import lamina as keras

VOCAB, MAX_LEN = 30, 16


def make_data(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    x = np.zeros((n, MAX_LEN), "int32")
    y = np.zeros((n, MAX_LEN), "int32")
    for i in range(n):
        length = rng.integers(2, MAX_LEN + 1)
        tokens = rng.integers(1, VOCAB, size=length)
        x[i, :length] = tokens
        y[i, 1:length] = tokens[1:] > tokens[:-1]
    return x, y


def build_model():
    tokens = keras.Input(shape=(MAX_LEN,), dtype="int32")
    x = keras.layers.Embedding(VOCAB, 16, mask_zero=True)(tokens)
    x = keras.layers.LSTM(32, return_sequences=True)(x)
    tags = keras.layers.Dense(2)(x)  # per-timestep logits; the mask passes through Dense
    model = keras.Model(tokens, tags, name="tagger")
    model.compile(
        optimizer=keras.optimizers.Adam(5e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def main(epochs=8, verbose=2):
    keras.utils.set_random_seed(0)
    x, y = make_data()
    x_test, y_test = make_data(500, seed=1)
    model = build_model()
    model.fit(x, y, batch_size=64, epochs=epochs, verbose=verbose)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"masked per-token test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    main()
