"""Helpers shared by the recurrent-layer tests: Keras parity with masks, test data."""

import numpy as np
from layer_harness import RTOL, assert_keras_parity

from lamina.utils import tree

ATOL = 1e-5


def sequences(batch=3, steps=6, features=4, seed=0):
    return np.random.default_rng(seed).standard_normal((batch, steps, features)).astype("float32")


def ragged_mask(batch=3, steps=6):
    """Post-padding, pre-padding and a hole in the middle, one per row."""
    mask = np.ones((batch, steps), bool)
    mask[0, steps - 2:] = False
    if batch > 1:
        mask[1, :2] = False
    if batch > 2:
        mask[2, steps // 2] = False
    return mask


def build_pair(ours, theirs, x, **call_kwargs):
    """Build both layers on ``x`` and copy lamina's weights into the Keras layer."""
    ours(x, **call_kwargs)
    theirs(x, **call_kwargs)
    theirs.set_weights(ours.get_weights())


def assert_masked_parity(ours, theirs, x, mask, grads=True, **call_kwargs):
    """Same outputs (and input gradients) as Keras with an explicit ``mask=``."""
    build_pair(ours, theirs, x, **call_kwargs)
    return assert_keras_parity(ours, theirs, x, grads=grads, mask=mask, **call_kwargs)


def assert_close(a, b):
    for x, y in zip(tree.flatten(a), tree.flatten(b)):
        np.testing.assert_allclose(np.asarray(x), np.asarray(y), rtol=RTOL, atol=ATOL)


def embedded_ids(batch=3, steps=6, vocab=12, seed=0):
    """Integer ids with zero padding (post, pre, and a hole), for Embedding(mask_zero)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(1, vocab, size=(batch, steps)).astype("int32")
    return np.where(ragged_mask(batch, steps), ids, 0).astype("int32")


def embedding_model_parity(lamina, keras, make_ours, make_theirs, ids, vocab=12, dim=4):
    """``Embedding(mask_zero) -> layer`` in both libraries: same outputs and masks."""
    def model(api, make):
        inputs = api.Input((ids.shape[1],), dtype="int32")
        embedded = api.layers.Embedding(vocab, dim, mask_zero=True)(inputs)
        out = make()(embedded)
        return api.Model(inputs, out)

    ours, theirs = model(lamina, make_ours), model(keras, make_theirs)
    assert [w.shape for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    theirs.set_weights(ours.get_weights())
    assert_close(ours.predict(ids, verbose=0), theirs.predict(ids, verbose=0))
    return ours, theirs
