"""``Maximum``: elementwise maximum of a list of tensors (and ``maximum``).

>>> import numpy as np
>>> Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).tolist()
[[3.0, 5.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge, masked_reduce


@register_builtin
class Maximum(Merge):
    """Elementwise maximum; with masks, a masked entry does not take part (Keras 3 rule).

    >>> import numpy as np
    >>> Maximum()([np.zeros((2, 3)), np.ones((2, 3))]).tolist()[0]
    [1.0, 1.0, 1.0]
    """

    def _merge_function(self, inputs, masks):
        return masked_reduce(jnp.maximum, inputs, masks)


def maximum(inputs, **kwargs):
    """Functional form of :class:`Maximum`: ``Maximum(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> maximum([np.zeros((1, 2)), np.ones((1, 2))]).tolist()
    [[1.0, 1.0]]
    """
    return Maximum(**kwargs)(inputs)
