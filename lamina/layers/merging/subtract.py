"""``Subtract``: ``inputs[0] - inputs[1]`` (and the functional form ``subtract``).

>>> import numpy as np
>>> Subtract()([np.array([[5.0]]), np.array([[2.0]])]).tolist()
[[3.0]]
"""

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge


@register_builtin
class Subtract(Merge):
    """Subtracts the second input from the first; exactly two inputs.

    >>> import numpy as np
    >>> Subtract()([np.ones((2, 3)), np.ones((2, 3))]).shape
    (2, 3)
    """

    _num_inputs = 2

    def _merge_function(self, inputs, masks):
        if len(inputs) != 2:
            raise ValueError(
                f"Subtract '{self.name}' must be called on exactly 2 inputs, received "
                f"{len(inputs)}."
            )
        return inputs[0] - inputs[1]


def subtract(inputs, **kwargs):
    """Functional form of :class:`Subtract`: ``Subtract(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> subtract([np.ones((1, 2)), np.ones((1, 2))]).tolist()
    [[0.0, 0.0]]
    """
    return Subtract(**kwargs)(inputs)
