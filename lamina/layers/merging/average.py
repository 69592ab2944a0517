"""``Average``: elementwise mean of a list of tensors (and ``average``).

>>> import numpy as np
>>> Average()([np.array([[1.0, 2.0]]), np.array([[3.0, 6.0]])]).tolist()
[[2.0, 4.0]]
"""

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge


@register_builtin
class Average(Merge):
    """Averages its inputs elementwise.

    >>> import numpy as np
    >>> Average()([np.ones((2, 3)), np.zeros((2, 3))]).tolist()[0]
    [0.5, 0.5, 0.5]
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional form of :class:`Average`: ``Average(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> average([np.ones((1, 2)), np.zeros((1, 2))]).tolist()
    [[0.5, 0.5]]
    """
    return Average(**kwargs)(inputs)
