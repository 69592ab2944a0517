"""Weighted confusion-matrix counts at a list of thresholds (the Keras 3 rules).

An entry is a predicted positive at threshold ``t`` when ``y_pred > t``; a label is
positive when it is non-zero. :func:`confusion_counts` returns the weighted number of
true/false positives/negatives at every threshold, to be added to a metric's state.

Two algorithms, as in Keras: a direct comparison (``thresholds x entries``) and, for
evenly spaced thresholds ``i / (n - 1)``, a bucket count in ``O(n + entries)``
(``y_pred`` is then clipped to ``[0, 1]``, as in Keras).

>>> import jax.numpy as jnp
>>> counts = confusion_counts([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.9], [0.5])
>>> [float(counts[k][0]) for k in ("tp", "fp", "tn", "fn")]
[1.0, 1.0, 1.0, 1.0]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.losses.shapes import (
    IncompatibleShapesError,
    align_shapes,
    broadcast_mask,
    squeeze_or_expand_to_same_rank,
)

#: The threshold used with ``top_k`` (every kept score is above it).
NEG_INF = -1e10
KINDS = ("tp", "fp", "tn", "fn")


def parse_thresholds(owner, thresholds, default=0.5) -> list:
    """``thresholds`` (a number or a list; ``None``: ``default``) as a list in ``[0, 1]``.

    >>> parse_thresholds("Precision", None)
    [0.5]
    """
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [
        thresholds]
    bad = [t for t in values if t is None or not 0 <= t <= 1]
    if bad or not values:
        raise ValueError(
            f"{owner}: every threshold must be a number in [0, 1], received "
            f"thresholds={thresholds!r}" + (f" (invalid: {bad})." if bad else ".")
        )
    return [float(t) for t in values]


def evenly_spaced(thresholds) -> bool:
    """Whether ``thresholds`` are ``i / (n - 1)`` for ``i = 0..n-1`` (``n >= 3``).

    >>> evenly_spaced([0.0, 0.5, 1.0]), evenly_spaced([0.0, 0.3, 1.0])
    (True, False)
    """
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype=np.float32) / (count - 1)
    return bool(np.allclose(thresholds, even, atol=config.epsilon()))


def filter_top_k(x, k):
    """Keep the ``k`` largest scores of the last axis; the others become ``NEG_INF``.

    >>> filter_top_k(jnp.array([0.1, 0.5, 0.3]), 2).tolist()
    [-10000000000.0, 0.5, 0.30000001192092896]
    """
    _, indices = jax.lax.top_k(x, k)
    kept = jnp.sum(jax.nn.one_hot(indices, x.shape[-1], dtype=x.dtype), axis=-2)
    return x * kept + NEG_INF * (1.0 - kept)


def _full_weight(owner, sample_weight, y_true, dtype):
    """``sample_weight`` broadcast to ``y_true``'s shape.

    A weight whose shape is a prefix of the labels' (per sample, per step) covers the
    remaining axes; otherwise Keras' rule applies (a trailing axis added, then
    broadcasting), e.g. ``(batch, 1)`` weights for ``(batch, classes)`` labels.
    """
    if sample_weight is None:
        return jnp.ones(y_true.shape, dtype)
    weight = convert_to_tensor(sample_weight, dtype=dtype)
    shape, w_shape = tuple(y_true.shape), tuple(weight.shape)
    if w_shape and shape[: len(w_shape)] == w_shape:
        weight = jnp.reshape(weight, w_shape + (1,) * (len(shape) - len(w_shape)))
    elif weight.ndim:
        weight = jnp.expand_dims(weight, -1)
        _, weight = squeeze_or_expand_to_same_rank(y_true, weight, expand_rank_1=False)
    try:
        return jnp.broadcast_to(weight, y_true.shape)
    except ValueError:
        raise IncompatibleShapesError(
            f"{owner}: sample_weight of shape {tuple(np.shape(sample_weight))} does not "
            f"broadcast to the labels' shape {tuple(y_true.shape)}; give one weight per "
            "sample (batch,), per entry (the labels' shape), or a scalar."
        ) from None


def prepare_inputs(owner, y_true, y_pred, sample_weight=None, mask=None, dtype="float32",
                   top_k=None, class_id=None):
    """Aligned float ``(y_true, y_pred, weight)``, all of one shape, ready to count.

    ``mask`` (covering the leading axes of ``y_pred``) sets the weight of masked entries
    to 0 and their values to 0 (so NaN in padding cannot leak). ``top_k`` keeps the top
    scores of the last axis, then ``class_id`` selects one class of the last axis.

    >>> _, _, weight = prepare_inputs("Precision", [[1, 0]], [[0.3, 0.9]], sample_weight=[2.0])
    >>> weight.tolist()
    [[2.0, 2.0]]
    """
    y_true = convert_to_tensor(y_true, dtype=dtype)
    y_pred = convert_to_tensor(y_pred, dtype=dtype)
    y_true, y_pred = align_shapes(owner, y_true, y_pred)
    weight = _full_weight(owner, sample_weight, y_true, dtype)
    if mask is not None:
        valid = broadcast_mask(owner, convert_to_tensor(mask), y_pred)
        zero = jnp.zeros((), dtype)
        y_true = jnp.where(valid, y_true, zero)
        y_pred = jnp.where(valid, y_pred, zero)
        weight = jnp.where(valid, weight, zero)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim < 2:
            raise IncompatibleShapesError(
                f"{owner}: class_id={class_id} needs y_pred of shape (samples, classes); "
                f"received shape {tuple(y_pred.shape)}."
            )
        y_true, y_pred, weight = (x[..., class_id, None] for x in (y_true, y_pred, weight))
    return y_true, y_pred, weight


def _bucket_counts(positive, weight, y_pred, num, with_epsilon, per_label):
    """Weighted positives/negatives above each evenly spaced threshold (bucket method)."""
    y_pred = jnp.clip(y_pred, 0.0, 1.0)
    bucket = jnp.ceil(y_pred * jnp.asarray(num - 1, y_pred.dtype)) - 1.0
    if with_epsilon:
        bucket = jnp.maximum(bucket, 0.0)
    bucket = bucket.astype("int32")
    true_w = positive * weight
    false_w = (1.0 - positive) * weight
    if per_label:  # (samples, labels) -> one histogram per label
        labels = y_pred.shape[-1]
        ids = jnp.where(bucket >= 0, bucket * labels + jnp.arange(labels), -1).reshape(-1)

        def histogram(values):
            sums = jax.ops.segment_sum(values.reshape(-1), ids, num_segments=num * labels)
            return sums.reshape(num, labels)
    else:
        ids = bucket.reshape(-1)

        def histogram(values):
            return jax.ops.segment_sum(values.reshape(-1), ids, num_segments=num)

    def above(values):  # counts of the buckets at or above each threshold
        return jnp.flip(jnp.cumsum(jnp.flip(histogram(values), 0), axis=0), 0)

    axis = 0 if per_label else None
    return above(true_w), above(false_w), jnp.sum(true_w, axis=axis), jnp.sum(false_w,
                                                                               axis=axis)


def _direct_counts(positive, weight, y_pred, thresholds, per_label):
    """Weighted TP / FP / TN / FN at each threshold, by comparison."""
    if per_label:  # (samples, labels): keep the label axis
        above = y_pred[None] > thresholds[:, None, None]
    else:
        positive, weight, y_pred = (x.reshape(-1) for x in (positive, weight, y_pred))
        above = y_pred[None] > thresholds[:, None]
    true_w = positive * weight
    false_w = (1.0 - positive) * weight
    zero = jnp.zeros((), weight.dtype)

    def count(selected, values):
        return jnp.sum(jnp.where(selected, values, zero), axis=1)

    below = jnp.logical_not(above)
    return {"tp": count(above, true_w), "fp": count(above, false_w),
            "tn": count(below, false_w), "fn": count(below, true_w)}


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, *, mask=None,
                     top_k=None, class_id=None, multi_label=False, label_weights=None,
                     evenly=None, dtype="float32", owner="confusion counts"):
    """Weighted TP / FP / TN / FN at each threshold, a dict ``{"tp": ..., ...}``.

    Args:
        thresholds: the thresholds (a list; the counts have one entry each).
        sample_weight: scalar, per-sample ``(batch,)`` or per-entry weights.
        mask: optional mask over the leading axes of ``y_pred`` (weight 0 where False).
        top_k, class_id: see :func:`prepare_inputs`.
        multi_label: keep the last axis (labels): counts of shape ``(thresholds, labels)``.
        label_weights: per-label weights multiplied in (not with ``multi_label``).
        evenly: use the bucket algorithm (default: when the thresholds are evenly
            spaced); thresholds below 0 / above 1 at the ends count every / no score.

    >>> counts = confusion_counts([1, 0, 1], [0.8, 0.6, 0.2], [0.0, 0.5, 1.0])
    >>> counts["tp"].tolist(), counts["fn"].tolist()
    ([2.0, 1.0, 0.0], [0.0, 1.0, 2.0])
    """
    y_true, y_pred, weight = prepare_inputs(
        owner, y_true, y_pred, sample_weight, mask, dtype, top_k, class_id
    )
    if multi_label and y_pred.ndim != 2:
        raise IncompatibleShapesError(
            f"{owner}: multi_label=True needs y_pred of shape (samples, labels); received "
            f"shape {tuple(y_pred.shape)}."
        )
    if label_weights is not None and not multi_label:
        weight = weight * jnp.broadcast_to(convert_to_tensor(label_weights, dtype=dtype),
                                           y_pred.shape)
    positive = (y_true != 0).astype(dtype)
    values = np.asarray(thresholds, dtype=np.float64)
    if evenly is None:
        evenly = evenly_spaced(values)
    if not evenly:
        return _direct_counts(positive, weight, y_pred, jnp.asarray(values, dtype), multi_label)
    with_epsilon = bool(values[0] < 0.0 or values[-1] > 1.0)
    tp, fp, pos, neg = _bucket_counts(positive, weight, y_pred, len(values), with_epsilon,
                                      multi_label)
    return {"tp": tp, "fp": fp, "tn": neg - fp, "fn": pos - tp}
