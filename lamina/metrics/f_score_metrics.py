"""F-scores: ``FBetaScore`` and ``F1Score`` for multi-class / multi-label outputs.

Inputs are ``(batch, num_classes)``: 0/1 labels and scores. Without ``threshold`` the
top-scoring class of each sample is the predicted one; with it, every class scoring
above it. Per class, ``F = (1 + beta^2) P R / (beta^2 P + R)``; ``average`` is ``None``
(one score per class), ``"micro"`` (counts pooled over classes), ``"macro"`` (mean over
classes) or ``"weighted"`` (mean weighted by each class's number of true labels).

The state has one entry per class, so it is created by the first ``update_state`` (as
in Keras), or by ``build(y_true_shape, y_pred_shape)``, which the stateless API needs
first (``built`` tells whether it happened). A mask over the samples
(on ``y_pred`` or ``mask=``) gives masked samples a weight of 0 (lamina extension).

>>> m = F1Score(threshold=0.5)
>>> _ = m.update_state([[1, 1, 0], [1, 0, 0]], [[0.9, 0.6, 0.2], [0.3, 0.2, 0.7]])
>>> [round(v, 4) for v in m.result().tolist()]
[0.6667, 1.0, 0.0]
"""

import jax.numpy as jnp

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.core.scopes import in_stateless_scope
from lamina.losses.shapes import IncompatibleShapesError, align_shapes, leading_mask
from lamina.metrics.metric import Metric

AVERAGES = (None, "micro", "macro", "weighted")


def sample_weights_for_rows(owner, sample_weight, mask, batch, dtype):
    """One weight per sample, shape ``(batch,)``: the weight (scalar, ``(batch,)`` or
    ``(batch, 1)``) with masked samples set to 0; None when neither is given.

    >>> sample_weights_for_rows("F1Score", [[2.0], [3.0]], [True, False], 2, "float32").tolist()
    [2.0, 0.0]
    """
    weight = None
    if sample_weight is not None:
        weight = convert_to_tensor(sample_weight, dtype=dtype)
        if weight.ndim == 2 and weight.shape[1] == 1:
            weight = weight[:, 0]
        if weight.ndim > 1 or (weight.ndim == 1 and weight.shape[0] != batch):
            raise IncompatibleShapesError(
                f"{owner}: sample_weight must hold one weight per sample, shape "
                f"({batch},) (or be a scalar); received shape {tuple(weight.shape)}."
            )
        weight = jnp.broadcast_to(weight, (batch,))
    if mask is not None:
        rows = leading_mask(owner, convert_to_tensor(mask), jnp.zeros((batch,)), "the samples")
        base = jnp.ones((batch,), dtype) if weight is None else weight
        weight = jnp.where(rows, base, jnp.zeros((), dtype))
    return weight


@register_builtin
class FBetaScore(Metric):
    """F-beta score: the weighted harmonic mean of precision and recall.

    Args:
        average: ``None``, ``"micro"``, ``"macro"`` or ``"weighted"``.
        beta: weight of recall against precision (a float > 0).
        threshold: predictions above it are positive (a float in ``(0, 1]``); ``None``:
            the arg-max class of each sample.

    >>> m = FBetaScore(beta=2.0, threshold=0.5, average="macro")
    >>> _ = m.update_state([[1, 1, 0], [1, 0, 0]], [[0.9, 0.6, 0.2], [0.3, 0.2, 0.7]])
    >>> round(float(m.result()), 4)
    0.5185
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        owner = type(self).__name__
        if average not in AVERAGES:
            raise ValueError(
                f"{owner}: invalid average={average!r}; expected one of {AVERAGES}."
            )
        if not isinstance(beta, float) or beta <= 0.0:
            raise ValueError(
                f"{owner}: beta must be a Python float > 0, received beta={beta!r} of type "
                f"{type(beta).__name__}."
            )
        if threshold is not None and (not isinstance(threshold, float)
                                      or not 0.0 < threshold <= 1.0):
            raise ValueError(
                f"{owner}: threshold must be None or a Python float in (0, 1], received "
                f"threshold={threshold!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    @property
    def built(self) -> bool:
        """Whether the state variables exist (they depend on the first batch's shape)."""
        return self._built

    def build(self, y_true_shape, y_pred_shape):
        """Create the state for inputs of these shapes (``update_state`` does it on the
        first batch; call it first to use the stateless API from the start)."""
        if not self._built:
            self._build(tuple(y_true_shape), tuple(y_pred_shape))

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise IncompatibleShapesError(
                f"{self._owner()}: expects inputs of shape (batch, num_classes); received "
                f"y_true.shape={tuple(y_true_shape)} and y_pred.shape={tuple(y_pred_shape)}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for name in ("true_positives", "false_positives", "false_negatives",
                     "intermediate_weights"):
            setattr(self, name, self.add_variable(shape, "zeros", name=name))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add one batch of counts (``mask``, over the samples, defaults to ``y_pred``'s)."""
        owner = self._owner()
        if mask is None:
            mask = get_mask(y_pred)
        y_true = convert_to_tensor(y_true, dtype=self.dtype)
        y_pred = convert_to_tensor(y_pred, dtype=self.dtype)
        if not self._built:
            if in_stateless_scope():
                raise RuntimeError(
                    f"{owner}: the state is created from the first batch's shape, which "
                    "cannot happen inside a stateless call. Fix: call "
                    "build(y_true.shape, y_pred.shape) (or update_state once eagerly) "
                    "before using the stateless API."
                )
            self._build(y_true.shape, y_pred.shape)
        y_true, y_pred = align_shapes(owner, y_true, y_pred)
        weight = sample_weights_for_rows(owner, sample_weight, mask, y_pred.shape[0],
                                         self.dtype)
        if weight is not None:  # masked rows may hold NaN
            keep = (weight != 0)[:, None]
            zero = jnp.zeros((), self.dtype)
            y_true, y_pred = jnp.where(keep, y_true, zero), jnp.where(keep, y_pred, zero)
        if self.threshold is None:
            top = jnp.max(y_pred, axis=-1, keepdims=True)
            predicted = (y_pred >= top) & (jnp.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > self.threshold
        predicted = predicted.astype(self.dtype)

        def weighted_sum(values):
            if weight is not None:
                values = values * weight[:, None]
            return jnp.sum(values, axis=self.axis)

        updates = {
            "true_positives": predicted * y_true,
            "false_positives": predicted * (1.0 - y_true),
            "false_negatives": (1.0 - predicted) * y_true,
            "intermediate_weights": y_true,
        }
        for name, values in updates.items():
            variable = getattr(self, name)
            variable.assign(variable.value + weighted_sum(values))

    def result(self):
        if not self._built:
            return jnp.zeros((), self.dtype)
        eps = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + eps)
        recall = tp / (tp + self.false_negatives.value + eps)
        beta2 = self.beta ** 2
        score = precision * recall / (beta2 * precision + recall + eps) * (1.0 + beta2)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            return jnp.sum(score * (weights / (jnp.sum(weights) + eps)))
        if self.average is not None:
            return jnp.mean(score)
        return score

    def get_config(self) -> dict:
        return {**super().get_config(), "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


@register_builtin
class F1Score(FBetaScore):
    """F1 score, the harmonic mean of precision and recall (``FBetaScore`` with beta=1).

    >>> m = F1Score(average="micro")
    >>> _ = m.update_state([[1, 0, 0], [0, 1, 0]], [[0.9, 0.05, 0.05], [0.6, 0.3, 0.1]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
