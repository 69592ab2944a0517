"""Circle loss (Sun et al., 2020) for metric learning on L2-normalised embeddings.

Every pair of embeddings gets a cosine distance ``d = max(1 - a . b, 0)``. Pairs with
the same label (positives, the pair of an embedding with itself left out when
``remove_diagonal``) are pulled together and pairs with different labels (negatives)
pushed apart, each pair weighted by how far it is from its optimum::

    pos_logit = -gamma * max(margin + d, 0) * (margin - d)
    neg_logit =  gamma * max(1 + margin - d, 0) * (1 - margin - d)
    loss      = softplus(logsumexp(pos_logits) + logsumexp(neg_logits))

A sample with no positive (or no negative) gets a loss of 0 and a mask that removes it
from the reduction, as in Keras. A ``(batch,)`` mask on ``y_pred`` (lamina extension)
removes the masked samples both as anchors and as references of the other samples.
"""

import jax
import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask, set_mask
from lamina.losses._inputs import float_tensor
from lamina.losses.loss import Loss, LossFunctionWrapper
from lamina.losses.reduction import reduce_weighted_values
from lamina.losses.shapes import IncompatibleShapesError, leading_mask


def _as_column(labels):
    return jnp.reshape(labels, (-1, 1)) if labels.ndim == 1 else labels


def _masked_logsumexp(logits, keep):
    # A large finite stand-in for -inf: identical values, and finite gradients for rows
    # with nothing to sum (their loss is masked out).
    floor = jnp.asarray(jnp.finfo(logits.dtype).min / 4, logits.dtype)
    return jax.nn.logsumexp(jnp.where(keep, logits, floor), axis=1)


def circle_values(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True,
                  gamma=80.0, margin=0.4, ref_valid=None):
    """Per-sample circle losses and the mask of samples with a positive loss.

    ``ref_valid`` (optional, ``(num_refs,)`` booleans) leaves reference samples out.

    >>> import numpy as np
    >>> emb = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], "float32")
    >>> losses, positive = circle_values([0, 0, 1], emb)
    >>> positive.tolist()
    [True, True, False]
    """
    y_pred = float_tensor(y_pred)
    labels = convert_to_tensor(y_true).astype("int32")
    refs = y_pred if ref_embeddings is None else float_tensor(ref_embeddings)
    ref_labels = labels if ref_labels is None else convert_to_tensor(ref_labels).astype("int32")
    if y_pred.ndim != 2 or refs.ndim != 2 or refs.shape[-1] != y_pred.shape[-1]:
        raise IncompatibleShapesError(
            f"circle: y_pred (shape {tuple(y_pred.shape)}) and the reference embeddings "
            f"(shape {tuple(refs.shape)}) must be (samples, embedding_dim) matrices with "
            "the same embedding size."
        )
    distances = jnp.maximum(1.0 - y_pred @ refs.T, 0.0)
    positive = _as_column(labels) == _as_column(ref_labels).T
    negative = jnp.logical_not(positive)
    if remove_diagonal:
        positive = positive & ~jnp.eye(positive.shape[0], positive.shape[1], dtype=bool)
    if ref_valid is not None:
        positive = positive & ref_valid[None, :]
        negative = negative & ref_valid[None, :]
    zero = jnp.zeros((), distances.dtype)
    pos_weight = jnp.maximum(jnp.where(positive, margin + distances, zero), 0.0)
    neg_weight = jnp.maximum(jnp.where(negative, 1.0 + margin - distances, zero), 0.0)
    pos_logits = -gamma * pos_weight * (margin - distances)
    neg_logits = gamma * neg_weight * ((1.0 - margin) - distances)
    losses = jax.nn.softplus(
        _masked_logsumexp(pos_logits, positive) + _masked_logsumexp(neg_logits, negative)
    )
    return losses, losses > 0


@register_builtin
def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True,
           gamma=80, margin=0.4):
    """Circle loss of each sample (integer labels, L2-normalised embeddings).

    Args:
        y_true: integer labels, shape ``(batch,)``.
        y_pred: L2-normalised embeddings, shape ``(batch, dim)``.
        ref_labels, ref_embeddings: the references to compare with (default: the batch).
        remove_diagonal: leave out the pair of each sample with itself.
        gamma: the scale of the logits.
        margin: the relaxation margin.

    >>> import numpy as np
    >>> emb = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], "float32")
    >>> [round(v, 3) for v in circle([0, 0, 1], emb).tolist()]
    [0.0, 6.402, 0.0]
    """
    losses, positive = circle_values(
        y_true, y_pred, ref_labels, ref_embeddings, remove_diagonal, gamma, margin
    )
    set_mask(losses, positive, origin="circle (samples with a positive loss)")
    return losses


@register_builtin
class Circle(LossFunctionWrapper):
    """Circle loss between integer labels and L2-normalised embeddings.

    Args:
        gamma: the scale of the similarity logits.
        margin: the relaxation margin.
        remove_diagonal: leave out the pair of each sample with itself.

    >>> import numpy as np
    >>> emb = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], "float32")
    >>> round(float(Circle()([0, 0, 1], emb)), 3)
    3.201
    """

    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True,
                 reduction="sum_over_batch_size", name="circle", dtype=None):
        super().__init__(
            circle, name=name, reduction=reduction, dtype=dtype, gamma=gamma, margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal

    def __call__(self, y_true, y_pred, sample_weight=None, *, mask=None):
        in_mask = get_mask(y_pred) if mask is None else mask
        if in_mask is None:
            return super().__call__(y_true, y_pred, sample_weight)
        owner = self._owner()
        y_true, y_pred = self._convert(y_true), self._convert(y_pred)
        valid = leading_mask(owner, convert_to_tensor(in_mask), y_pred)
        if valid.ndim != 1:
            raise IncompatibleShapesError(
                f"{owner}: the mask has shape {tuple(valid.shape)}; the circle loss takes "
                "a mask over the samples, shape (batch,)."
            )
        y_pred = jnp.where(valid[:, None], y_pred, jnp.zeros((), y_pred.dtype))
        y_true = jnp.where(jnp.reshape(valid, valid.shape + (1,) * (y_true.ndim - 1)),
                           y_true, jnp.zeros((), y_true.dtype))
        losses, positive = circle_values(
            y_true, y_pred, remove_diagonal=self.remove_diagonal, gamma=self.gamma,
            margin=self.margin, ref_valid=valid,
        )
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=positive & valid,
            reduction=self.reduction, dtype=self.dtype, owner=owner,
        )

    def get_config(self) -> dict:
        return {**Loss.get_config(self), "gamma": self.gamma, "margin": self.margin,
                "remove_diagonal": self.remove_diagonal}
