"""One rate at a constraint on another: sensitivity at specificity, precision at recall...

Each metric keeps TP / FP / TN / FN at ``num_thresholds`` evenly spaced thresholds in
``[0, 1]`` and reports the best value of one rate over the thresholds where the other
rate reaches the requested value (0 when no threshold does), as in Keras 3.

>>> m = SensitivityAtSpecificity(0.5)
>>> _ = m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
>>> float(m.result())
0.5
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.core.masking import get_mask
from lamina.losses.reduction import divide_no_nan
from lamina.metrics._confusion_counts import KINDS, confusion_counts
from lamina.metrics.metric import Metric

_NAMES = {"tp": "true_positives", "fp": "false_positives", "tn": "true_negatives",
          "fn": "false_negatives"}


def _check_rate(owner, argument, value):
    if not 0 <= value <= 1:
        raise ValueError(
            f"{owner}: {argument} must be in [0, 1], received {argument}={value!r}."
        )


class _ConstrainedRate(Metric):
    """Shared state and update of the metrics of this module."""

    _constraint = "specificity"

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        owner = type(self).__name__
        _check_rate(owner, self._constraint, value)
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or (
                num_thresholds <= 0):
            raise ValueError(
                f"{owner}: num_thresholds must be an integer > 0, received "
                f"num_thresholds={num_thresholds!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        setattr(self, self._constraint, value)
        self.value = value
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._evenly = False
        else:
            step = 1.0 / (num_thresholds - 1)
            inner = [(i + 1) * step for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._evenly = True
        shape = (len(self.thresholds),)
        self._counts = {}
        for kind in ("tp", "fp", "tn", "fn"):
            variable = self.add_variable(shape, "zeros", name=_NAMES[kind])
            setattr(self, _NAMES[kind], variable)
            self._counts[kind] = variable

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add the weighted counts of one batch (``mask`` defaults to ``y_pred``'s)."""
        counts = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight,
            mask=get_mask(y_pred) if mask is None else mask, class_id=self.class_id,
            evenly=self._evenly, dtype=self.true_positives.dtype, owner=self._owner(),
        )
        for kind in KINDS:
            variable = self._counts[kind]
            variable.assign(variable.value + counts[kind])

    def _rates(self):
        tp, fp, tn, fn = (self._counts[k].value for k in ("tp", "fp", "tn", "fn"))
        return {
            "sensitivity": divide_no_nan(tp, tp + fn),
            "recall": divide_no_nan(tp, tp + fn),
            "specificity": divide_no_nan(tn, tn + fp),
            "precision": divide_no_nan(tp, tp + fp),
        }

    def _best(self, reported):
        rates = self._rates()
        feasible = rates[self._constraint] >= self.value
        return jnp.max(jnp.where(feasible, rates[reported], 0.0), initial=0.0)

    def get_config(self) -> dict:
        return {**super().get_config(), "class_id": self.class_id,
                "num_thresholds": self.num_thresholds,
                self._constraint: getattr(self, self._constraint)}


@register_builtin
class SensitivityAtSpecificity(_ConstrainedRate):
    """The best sensitivity (recall) over thresholds whose specificity is >= ``specificity``.

    >>> m = SensitivityAtSpecificity(0.5)
    >>> _ = m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8],
    ...                    sample_weight=[1, 1, 2, 2, 2])
    >>> float(m.result())
    0.5
    """

    _constraint = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("sensitivity")


@register_builtin
class SpecificityAtSensitivity(_ConstrainedRate):
    """The best specificity over thresholds whose sensitivity is >= ``sensitivity``.

    >>> m = SpecificityAtSensitivity(0.5)
    >>> _ = m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _constraint = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("specificity")


@register_builtin
class PrecisionAtRecall(_ConstrainedRate):
    """The best precision over thresholds whose recall is >= ``recall``.

    >>> m = PrecisionAtRecall(0.5)
    >>> _ = m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    _constraint = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("precision")


@register_builtin
class RecallAtPrecision(_ConstrainedRate):
    """The best recall over thresholds whose precision is >= ``precision``.

    >>> m = RecallAtPrecision(0.8)
    >>> _ = m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.5
    """

    _constraint = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        return self._best("recall")
