"""``Minimum``: elementwise minimum of a list of tensors (and ``minimum``).

>>> import numpy as np
>>> Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).tolist()
[[1.0, 2.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge, masked_reduce


@register_builtin
class Minimum(Merge):
    """Elementwise minimum; with masks, a masked entry does not take part (Keras 3 rule).

    >>> import numpy as np
    >>> Minimum()([np.zeros((2, 3)), np.ones((2, 3))]).tolist()[0]
    [0.0, 0.0, 0.0]
    """

    def _merge_function(self, inputs, masks):
        return masked_reduce(jnp.minimum, inputs, masks)


def minimum(inputs, **kwargs):
    """Functional form of :class:`Minimum`: ``Minimum(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> minimum([np.zeros((1, 2)), np.ones((1, 2))]).tolist()
    [[0.0, 0.0]]
    """
    return Minimum(**kwargs)(inputs)
