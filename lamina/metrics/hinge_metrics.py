"""Hinge metrics: hinge, squared hinge and categorical hinge as running means."""

from lamina._registry import register_builtin
from lamina.losses.hinge_losses import categorical_hinge, hinge, squared_hinge
from lamina.metrics.reduction_metrics import MeanMetricWrapper


class _HingeMetric(MeanMetricWrapper):
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(names=("lamina.metrics>Hinge",))
class Hinge(_HingeMetric):
    """Running mean of the hinge loss.

    >>> m = Hinge()
    >>> _ = m.update_state([[1.0, 0.0]], [[0.5, -2.0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(fn=hinge, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(names=("lamina.metrics>SquaredHinge",))
class SquaredHinge(_HingeMetric):
    """Running mean of the squared hinge loss.

    >>> m = SquaredHinge()
    >>> _ = m.update_state([[1.0, 0.0]], [[0.5, -2.0]])
    >>> float(m.result())
    0.125
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(fn=squared_hinge, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(names=("lamina.metrics>CategoricalHinge",))
class CategoricalHinge(_HingeMetric):
    """Running mean of the categorical hinge loss.

    >>> m = CategoricalHinge()
    >>> _ = m.update_state([[0.0, 1.0]], [[0.3, 0.6]])
    >>> round(float(m.result()), 4)
    0.7
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(fn=categorical_hinge, name=name, dtype=dtype)
        self._direction = "down"
