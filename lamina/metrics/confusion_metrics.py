"""Threshold metrics: true/false positives/negatives, precision and recall.

A prediction is positive when ``y_pred > threshold``; a label is positive when it is
non-zero. ``thresholds`` may be one number (a scalar result) or a list (one result per
threshold). ``top_k`` counts only the ``k`` highest scores of each sample as positive;
``class_id`` restricts the metric to one class of the last axis. Sample weights may be
per sample or per entry; a mask on ``y_pred`` (or ``mask=``) gives masked entries a
weight of 0 (lamina extension; Keras ignores masks in these metrics).

>>> m = Precision()
>>> _ = m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
>>> round(float(m.result()), 4)
0.6667
"""

from lamina._registry import register_builtin
from lamina.core.masking import get_mask
from lamina.losses.reduction import divide_no_nan
from lamina.metrics._confusion_counts import (
    NEG_INF,
    confusion_counts,
    evenly_spaced,
    parse_thresholds,
)
from lamina.metrics.metric import Metric


def _scalar_or_vector(values, thresholds):
    return values[0] if len(thresholds) == 1 else values


class _CountMetric(Metric):
    """The weighted count of one confusion-matrix cell at each threshold."""

    _kind = "tp"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_thresholds(type(self).__name__, thresholds)
        self._evenly = evenly_spaced(self.thresholds)
        self.accumulator = self.add_variable(
            (len(self.thresholds),), "zeros", name="accumulator"
        )

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add the weighted counts of one batch (``mask`` defaults to ``y_pred``'s)."""
        counts = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight,
            mask=get_mask(y_pred) if mask is None else mask, evenly=self._evenly,
            dtype=self.accumulator.dtype, owner=self._owner(),
        )
        self.accumulator.assign(self.accumulator.value + counts[self._kind])

    def result(self):
        return _scalar_or_vector(self.accumulator.value, self.thresholds)

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


@register_builtin
class TruePositives(_CountMetric):
    """Weighted number of true positives (label 1, ``y_pred > threshold``).

    >>> m = TruePositives()
    >>> _ = m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())
    2.0
    """

    _kind = "tp"


@register_builtin
class FalsePositives(_CountMetric):
    """Weighted number of false positives (label 0, ``y_pred > threshold``).

    >>> m = FalsePositives()
    >>> _ = m.update_state([0, 1, 0, 0], [0, 0, 1, 1], sample_weight=[0, 0, 1, 0])
    >>> float(m.result())
    1.0
    """

    _kind = "fp"


@register_builtin
class TrueNegatives(_CountMetric):
    """Weighted number of true negatives (label 0, ``y_pred <= threshold``).

    >>> m = TrueNegatives()
    >>> _ = m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    _kind = "tn"


@register_builtin
class FalseNegatives(_CountMetric):
    """Weighted number of false negatives (label 1, ``y_pred <= threshold``).

    >>> m = FalseNegatives()
    >>> _ = m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    _kind = "fn"


class _RatioMetric(Metric):
    """``tp / (tp + other)`` at each threshold: precision (other = fp), recall (fn)."""

    _other = "fp"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = parse_thresholds(type(self).__name__, thresholds, default)
        self._evenly = evenly_spaced(self.thresholds)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        other = "false_positives" if self._other == "fp" else "false_negatives"
        setattr(self, other, self.add_variable(shape, "zeros", name=other))
        self._other_variable = getattr(self, other)

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add the weighted counts of one batch (``mask`` defaults to ``y_pred``'s)."""
        counts = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight,
            mask=get_mask(y_pred) if mask is None else mask, top_k=self.top_k,
            class_id=self.class_id, evenly=self._evenly, dtype=self.true_positives.dtype,
            owner=self._owner(),
        )
        self.true_positives.assign(self.true_positives.value + counts["tp"])
        self._other_variable.assign(self._other_variable.value + counts[self._other])

    def result(self):
        tp = self.true_positives.value
        value = divide_no_nan(tp, tp + self._other_variable.value)
        return _scalar_or_vector(value, self.thresholds)

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


@register_builtin
class Precision(_RatioMetric):
    """Precision, ``tp / (tp + fp)``: how many predicted positives are positive.

    Args:
        thresholds: a threshold or a list (one result each); default 0.5, or every
            score when ``top_k`` is set.
        top_k: count only the ``k`` highest scores of each sample as positive.
        class_id: compute the metric for this class of the last axis only.

    >>> m = Precision(top_k=2)
    >>> _ = m.update_state([[0, 0, 1, 1]], [[1, 1, 1, 1]])
    >>> float(m.result())
    0.0
    """

    _other = "fp"


@register_builtin
class Recall(_RatioMetric):
    """Recall, ``tp / (tp + fn)``: how many positives are predicted positive.

    Args:
        thresholds: a threshold or a list (one result each); default 0.5, or every
            score when ``top_k`` is set.
        top_k: count only the ``k`` highest scores of each sample as positive.
        class_id: compute the metric for this class of the last axis only.

    >>> m = Recall(thresholds=[0.3, 0.8])
    >>> _ = m.update_state([0, 1, 1, 1], [0.9, 0.5, 0.2, 0.95])
    >>> [round(v, 4) for v in m.result().tolist()]
    [0.6667, 0.3333]
    """

    _other = "fn"
