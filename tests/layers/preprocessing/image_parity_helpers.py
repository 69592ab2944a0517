"""Helpers shared by the affine augmentation tests: inputs and Keras parity."""

import numpy as np
import pytest
from layer_harness import random_inputs

from lamina import layers

# (fill_mode, interpolation, data_format) combinations the parity tests cover.
MODES = [("reflect", "bilinear", "channels_last"), ("wrap", "nearest", "channels_first"),
         ("constant", "bilinear", "channels_first"), ("nearest", "bilinear", "channels_last")]


def images(shape, seed, data_format):
    """Random channels-last images of ``shape``, transposed for ``channels_first``."""
    x = random_inputs(shape, seed=seed)
    return np.transpose(x, (0, 3, 1, 2)) if data_format == "channels_first" else x


def assert_augments_like_keras(name, x, **kwargs):
    """lamina's and Keras' ``name(**kwargs)`` give the same output on ``x`` when training
    (the tests pick factors that leave no randomness)."""
    keras = pytest.importorskip("keras")
    ours = getattr(layers, name)(**kwargs)(x, training=True)
    theirs = getattr(keras.layers, name)(**kwargs)(x, training=True)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-5, atol=1e-5)
