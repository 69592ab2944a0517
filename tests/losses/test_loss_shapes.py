"""Shapes that would broadcast silently raise a ValueError naming the loss and shapes."""

import jax.numpy as jnp
import numpy as np
import pytest

from lamina import losses
from lamina.losses.reduction import reduce_weighted_values
from lamina.losses.shapes import IncompatibleShapesError, align_shapes

DENSE = [losses.MeanSquaredError, losses.MeanAbsoluteError, losses.Huber, losses.LogCosh,
         losses.BinaryCrossentropy, losses.CategoricalCrossentropy, losses.Hinge,
         losses.KLDivergence, losses.Poisson, losses.CosineSimilarity,
         losses.MeanAbsolutePercentageError, losses.MeanSquaredLogarithmicError,
         losses.SquaredHinge, losses.CategoricalHinge]


@pytest.mark.parametrize("cls", DENSE)
@pytest.mark.parametrize(("true_shape", "pred_shape"), [
    ((3,), (3, 3)),      # would broadcast to (3, 3) silently
    ((4,), (4, 3)),
    ((3, 3), (3,)),
    ((5, 2), (4, 2)),    # batch sizes differ
    ((4, 1), (1, 4)),    # (4, 4) by broadcasting
    ((4, 2), (4, 3)),
])
def test_broadcasting_pairs_raise(cls, true_shape, pred_shape):
    loss = cls(name="my_loss")
    with pytest.raises(ValueError) as info:
        loss(np.full(true_shape, 0.5, "float32"), np.full(pred_shape, 0.5, "float32"))
    message = str(info.value)
    assert "my_loss" in message and cls.__name__ in message
    assert str(true_shape) in message and str(pred_shape) in message


@pytest.mark.filterwarnings("ignore:categorical_crossentropy")
@pytest.mark.parametrize("cls", DENSE)
def test_trailing_one_pairs_are_accepted(cls):
    loss = cls()
    for true_shape, pred_shape in [((4,), (4, 1)), ((4, 1), (4,)), ((2, 3, 1), (2, 3))]:
        value = loss(np.full(true_shape, 0.5, "float32"), np.full(pred_shape, 0.5, "float32"))
        assert np.isfinite(float(value))


def test_function_form_names_itself():
    with pytest.raises(IncompatibleShapesError, match=r"mean_squared_error: y_true has shape"):
        losses.mean_squared_error(jnp.zeros((3,)), jnp.zeros((3, 3)))


@pytest.mark.parametrize(("true_shape", "pred_shape"), [
    ((4, 3), (4, 3)),    # one-hot labels given to the sparse loss
    ((5,), (4, 3)),
    ((4, 2), (4, 3)),
    ((4, 3, 1), (4, 2, 3)),
])
def test_sparse_crossentropy_label_shapes(true_shape, pred_shape):
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        losses.SparseCategoricalCrossentropy()(np.zeros(true_shape), np.full(pred_shape, 0.3))


def test_sparse_crossentropy_accepts_keras_label_layouts():
    loss = losses.SparseCategoricalCrossentropy()
    probs = np.full((4, 3), 1 / 3)
    expected = np.log(3.0)
    for labels in (np.zeros(4), np.zeros((4, 1))):
        np.testing.assert_allclose(loss(labels, probs), expected, rtol=1e-6)
    np.testing.assert_allclose(loss(np.zeros((2, 5, 1)), np.full((2, 5, 3), 1 / 3)), expected,
                               rtol=1e-6)


@pytest.mark.parametrize("weight_shape", [(3,), (2, 4), (4, 3), (4, 2, 2), (2,)])
def test_sample_weight_that_would_broadcast_raises(weight_shape):
    with pytest.raises(ValueError, match="sample_weight has shape"):
        losses.MeanSquaredError()(np.zeros((4, 2, 3)), np.zeros((4, 2, 3)),
                                  sample_weight=np.ones(weight_shape))


@pytest.mark.parametrize("weight_shape", [(), (4,), (4, 1), (4, 2), (4, 2, 1), (4, 1, 1), (1, 2)])
def test_sample_weight_shapes_accepted(weight_shape):
    value = losses.MeanSquaredError()(np.zeros((4, 2, 3)), np.ones((4, 2, 3)),
                                      sample_weight=np.ones(weight_shape))
    assert float(value) == 1.0


def test_rule_argument_and_scalars():
    with pytest.raises(ValueError, match="rule"):
        align_shapes("x", jnp.zeros(2), jnp.zeros(2), rule="loose")
    with pytest.raises(ValueError, match="rank >= 1"):
        losses.mean_squared_error(1.0, 2.0)
    assert reduce_weighted_values(jnp.asarray(2.0)).shape == ()
