"""Keras-formula gradient clipping transformations."""

import jax.numpy as jnp
import numpy as np
import optax
import pytest

from lamina.optimizers import clipping


def _apply(tx, grads):
    return tx.update(grads, tx.init(None))[0]


def test_clipnorm_clips_each_tensor_by_its_own_norm():
    out = _apply(clipping.clip_by_norm_per_tensor(1.0),
                 [jnp.array([3.0, 4.0]), jnp.array([0.3, 0.4]), jnp.zeros(2), None])
    np.testing.assert_allclose(out[0], [0.6, 0.8], rtol=1e-6)
    np.testing.assert_allclose(out[1], [0.3, 0.4], rtol=1e-6)
    np.testing.assert_array_equal(out[2], [0.0, 0.0])
    assert out[3] is None


def test_global_clipnorm_scales_all_tensors_together_and_propagates_nan():
    out = _apply(clipping.clip_by_global_norm(2.5),
                 [jnp.array([3.0]), None, jnp.array([4.0])])
    np.testing.assert_allclose([out[0][0], out[2][0]], [1.5, 2.0], rtol=1e-6)
    assert out[1] is None
    out = _apply(clipping.clip_by_global_norm(1.0), [jnp.array([jnp.inf]), jnp.array([1.0])])
    assert np.isnan(out[1][0])


def test_clipvalue_and_selection():
    out = _apply(clipping.make_clipping(clipvalue=0.5), [jnp.array([-2.0, 0.25]), None])
    np.testing.assert_array_equal(out[0], [-0.5, 0.25])
    assert out[1] is None
    assert isinstance(clipping.make_clipping(clipnorm=0), optax.GradientTransformation)
    np.testing.assert_array_equal(_apply(clipping.make_clipping(clipnorm=0.0),
                                         [jnp.array([9.0])])[0], [9.0])


@pytest.mark.parametrize("norm", [0.5, 3.0])
def test_matches_keras_clip_functions(norm):
    keras = pytest.importorskip("keras")
    from keras.src.optimizers import base_optimizer

    grads = [jnp.array([[1.0, -2.0], [0.5, 3.0]]), jnp.array([0.1, -0.2])]
    theirs = base_optimizer.clip_by_global_norm(grads, norm)
    ours = _apply(clipping.clip_by_global_norm(norm), grads)
    for a, b in zip(theirs, ours):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    keras_opt = keras.optimizers.SGD(clipnorm=norm)
    ours = _apply(clipping.clip_by_norm_per_tensor(norm), grads)
    for g, b in zip(grads, ours):
        np.testing.assert_array_equal(np.asarray(keras_opt._clip_by_norm(g)), np.asarray(b))
