"""``Add``: elementwise sum of a list of tensors (and the functional form ``add``).

>>> import numpy as np
>>> Add()([np.array([[1.0, 2.0]]), np.array([[10.0, 20.0]])]).tolist()
[[11.0, 22.0]]
"""

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge


@register_builtin
class Add(Merge):
    """Sums its inputs elementwise (same shapes, or broadcastable size-1 axes).

    >>> import numpy as np
    >>> Add()([np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3))]).shape
    (2, 3)
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


def add(inputs, **kwargs):
    """Functional form of :class:`Add`: ``Add(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> add([np.ones((1, 2)), np.ones((1, 2))]).tolist()
    [[2.0, 2.0]]
    """
    return Add(**kwargs)(inputs)
