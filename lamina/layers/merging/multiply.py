"""``Multiply``: elementwise product of a list of tensors (and ``multiply``).

>>> import numpy as np
>>> Multiply()([np.array([[2.0, 3.0]]), np.array([[4.0, 5.0]])]).tolist()
[[8.0, 15.0]]
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge, broadcast_mask


@register_builtin
class Multiply(Merge):
    """Multiplies its inputs elementwise.

    With masks (Keras 3 rule): a masked entry counts as 1 in the product; when every
    input has a mask, entries masked in all inputs are 0 in the output.

    >>> import numpy as np
    >>> Multiply()([np.ones((2, 3)), np.ones((2, 3))]).shape
    (2, 3)
    """

    def _merge_function(self, inputs, masks):
        all_masked = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = broadcast_mask(mask, x)
                x = jnp.where(mask, x, jnp.ones((), x.dtype))
                if all_masked:
                    output_mask = mask if output_mask is None else output_mask | mask
            output = x if output is None else output * x
        if all_masked:
            output = jnp.where(output_mask, output, jnp.zeros((), output.dtype))
        return output


def multiply(inputs, **kwargs):
    """Functional form of :class:`Multiply`: ``Multiply(**kwargs)(inputs)``.

    >>> import numpy as np
    >>> multiply([np.full((1, 2), 2.0), np.full((1, 2), 3.0)]).tolist()
    [[6.0, 6.0]]
    """
    return Multiply(**kwargs)(inputs)
