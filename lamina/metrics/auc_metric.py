"""``AUC``: area under the ROC or precision-recall curve, from thresholded counts.

The state is TP / FP / TN / FN at ``num_thresholds`` thresholds (evenly spaced in
``[0, 1]``, with the end points moved by ``epsilon`` so that 0 and 1 scores fall
inside), and the area is a Riemann sum over them, exactly as in Keras 3:

- ``curve="ROC"``: recall against the false positive rate; ``"PR"``: precision against
  recall; ``"PRGAIN"``: precision gain against recall gain.
- ``summation_method="interpolation"``: trapezoids (for PR, the Davis & Goadrich
  interpolation of precision between thresholds); ``"minoring"`` / ``"majoring"``: the
  lower / upper of the two heights.
- ``multi_label=True`` keeps one curve per label (the last axis) and averages the
  areas (weighted by ``label_weights`` if given); otherwise every entry is one sample.

>>> m = AUC(num_thresholds=3)
>>> _ = m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
>>> float(m.result())
0.75
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina import config
from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.core.scopes import in_stateless_scope
from lamina.losses.reduction import divide_no_nan
from lamina.metrics._confusion_counts import KINDS, confusion_counts, evenly_spaced
from lamina.metrics.metric import Metric

CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
SUMMATIONS = ("interpolation", "majoring", "minoring")
_NAMES = {"tp": "true_positives", "fp": "false_positives", "tn": "true_negatives",
          "fn": "false_negatives"}


def _enum_value(value):
    return getattr(value, "value", value)


def _parse_curve(curve):
    key = str(_enum_value(curve))
    if key not in ("ROC", "roc", "PR", "pr", "PRGAIN", "prgain"):
        raise ValueError(
            f"AUC: invalid curve={curve!r}. Expected 'ROC' (recall against false positive "
            "rate), 'PR' (precision against recall) or 'PRGAIN'."
        )
    return CURVES[key.lower()]


def _parse_summation(method):
    key = str(_enum_value(method))
    if key.lower() not in SUMMATIONS or key not in (key.lower(), key.capitalize()):
        raise ValueError(
            f"AUC: invalid summation_method={method!r}. Expected one of {SUMMATIONS}."
        )
    return key.lower()


@register_builtin
class AUC(Metric):
    """Area under the ROC or PR curve, approximated over ``num_thresholds`` thresholds.

    Args:
        num_thresholds: number of thresholds (> 1); ignored when ``thresholds`` is given.
        curve: ``"ROC"``, ``"PR"`` or ``"PRGAIN"``.
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.
        thresholds: explicit thresholds in ``[0, 1]`` (0 and 1 are added at the ends).
        multi_label: one curve per label of the last axis (rank-2 inputs), averaged.
        num_labels: the number of labels with ``multi_label=True``; without it the
            state is created by the first ``update_state``, or by
            ``build(y_true_shape, y_pred_shape)`` (needed before the stateless API).
        label_weights: per-label weights, for the average (multi-label) or the counts.
        from_logits: apply a sigmoid to ``y_pred`` first.

    >>> m = AUC(curve="PR", num_thresholds=3)
    >>> _ = m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> round(float(m.result()), 4)
    0.8207
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        self.curve = _parse_curve(curve)
        self.summation_method = _parse_summation(summation_method)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            if any(not 0 <= t <= 1 for t in inner):
                raise ValueError(
                    f"AUC: every threshold must be in [0, 1], received thresholds="
                    f"{list(thresholds)!r}."
                )
            self.num_thresholds = len(inner) + 2
            self._evenly = evenly_spaced(np.array([0.0] + inner + [1.0]))
        else:
            if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or (
                    num_thresholds <= 1):
                raise ValueError(
                    "AUC: num_thresholds must be an integer > 1, received "
                    f"num_thresholds={num_thresholds!r}."
                )
            self.num_thresholds = num_thresholds
            step = 1.0 / (num_thresholds - 1)
            inner = [(i + 1) * step for i in range(num_thresholds - 2)]
            self._evenly = True
        eps = config.epsilon()
        self._thresholds = np.array([0.0 - eps] + inner + [1.0 + eps])
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (
            None if label_weights is None else convert_to_tensor(label_weights, self.dtype)
        )
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build((None, num_labels))
        elif num_labels:
            raise ValueError(
                "AUC: num_labels is only used with multi_label=True, received "
                f"num_labels={num_labels!r} with multi_label=False."
            )
        else:
            self._build(None)

    @property
    def thresholds(self) -> list:
        """The thresholds the counts are kept at (``-epsilon`` and ``1 + epsilon`` ends)."""
        return list(self._thresholds)

    @property
    def built(self) -> bool:
        """Whether the state variables exist (they depend on the first batch's shape)."""
        return self._built

    def build(self, y_true_shape, y_pred_shape):
        """Create the state (only needed with ``multi_label=True`` and no ``num_labels``,
        before using the stateless API; ``update_state`` does it on the first batch)."""
        del y_true_shape
        if not self._built:
            self._build(tuple(y_pred_shape))

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"{self._owner()}: multi_label=True needs y_pred of rank 2 "
                    f"(samples, labels); received shape {tuple(shape)}."
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        self._counts = {}
        for kind in ("tp", "fp", "tn", "fn"):
            variable = self.add_variable(variable_shape, "zeros", name=_NAMES[kind])
            setattr(self, _NAMES[kind], variable)
            self._counts[kind] = variable
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None, *, mask=None):
        """Add the weighted counts of one batch (``mask`` defaults to ``y_pred``'s)."""
        if mask is None:
            mask = get_mask(y_pred)
        y_pred = convert_to_tensor(y_pred)
        if not self._built:
            if in_stateless_scope():
                raise RuntimeError(
                    f"{self._owner()}: with multi_label=True and num_labels=None the state "
                    "is created from the first batch, which cannot happen inside a "
                    "stateless call. Fix: pass num_labels=..., or call "
                    "build(y_true.shape, y_pred.shape) (or update_state once eagerly) "
                    "before using the stateless API."
                )
            self._build(tuple(y_pred.shape))
        if self._from_logits:
            y_pred = jax.nn.sigmoid(y_pred)
        counts = confusion_counts(
            y_true, y_pred, self._thresholds, sample_weight, mask=mask,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            evenly=self._evenly, dtype=self.true_positives.dtype, owner=self._owner(),
        )
        for kind in KINDS:
            variable = self._counts[kind]
            variable.assign(variable.value + counts[kind])

    def _average(self, terms):
        """Sum the area terms over the thresholds; average labels if multi-label."""
        if not self.multi_label:
            return jnp.sum(terms)
        by_label = jnp.sum(terms, axis=0)
        if self.label_weights is None:
            return jnp.mean(by_label)
        return divide_no_nan(jnp.sum(by_label * self.label_weights),
                             jnp.sum(self.label_weights))

    def interpolate_pr_auc(self):
        """PR area with precision interpolated between thresholds (Davis & Goadrich).

        Between two thresholds TP and P = TP + FP are taken to vary linearly, so the
        precision ``TP / P`` integrates in closed form: over each interval the area is
        ``slope * (dTP + intercept * log(P_A / P_B)) / positives`` with
        ``slope = dTP / dP`` and ``intercept = TP_B - slope * P_B``.
        """
        tp, fp, fn = (self._counts[k].value for k in ("tp", "fp", "fn"))
        d_tp = tp[:-1] - tp[1:]
        predicted = tp + fp
        d_predicted = predicted[:-1] - predicted[1:]
        slope = divide_no_nan(d_tp, jnp.maximum(d_predicted, 0.0))
        intercept = tp[1:] - slope * predicted[1:]
        both_positive = (predicted[:-1] > 0) & (predicted[1:] > 0)
        ratio = jnp.where(
            both_positive,
            divide_no_nan(predicted[:-1], jnp.maximum(predicted[1:], 0.0)),
            jnp.ones_like(predicted[1:]),
        )
        terms = divide_no_nan(
            slope * (d_tp + intercept * jnp.log(ratio)),
            jnp.maximum(tp[1:] + fn[1:], 0.0),
        )
        return self._average(terms)

    def _curve_points(self):
        tp, fp, tn, fn = (self._counts[k].value for k in ("tp", "fp", "tn", "fn"))
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            return divide_no_nan(fp, fp + tn), recall
        if self.curve == "PR":
            return recall, divide_no_nan(tp, tp + fp)
        scale = divide_no_nan(tp + fn, tn + fp)
        no_tp = tp == 0.0
        recall_gain = jnp.where(no_tp, 0.0, 1.0 - scale * divide_no_nan(fn, tp))
        precision_gain = jnp.where(no_tp, 1.0, 1.0 - scale * divide_no_nan(fp, tp))
        return jnp.maximum(recall_gain, 0.0), precision_gain

    def result(self):
        if not self._built:
            return jnp.zeros((), self.dtype)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        x, y = self._curve_points()
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = jnp.minimum(y[:-1], y[1:])
        else:
            heights = jnp.maximum(y[:-1], y[1:])
        return self._average((x[:-1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = np.asarray(label_weights).tolist()
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
