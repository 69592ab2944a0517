"""``Concatenate``: join a list of tensors along one axis (and ``concatenate``).

>>> import numpy as np
>>> Concatenate()([np.zeros((2, 3)), np.ones((2, 1))]).shape
(2, 4)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.merging.base_merge import Merge, _shape_str, broadcast_mask


@register_builtin
class Concatenate(Merge):
    """Concatenates its inputs along ``axis``; every other axis must match.

    Args:
        axis: the concatenation axis (default ``-1``).

    Masks (as the talk and Keras 3 describe): each input's mask is broadcast to the
    input's shape, an input without a mask counts as all-valid, the masks are
    concatenated along ``axis``, and an output step is valid when any of its features
    is (``any`` over the last axis). So joining two sequences in time (``axis=1``)
    joins their masks; joining features (``axis=-1``) ORs them.

    >>> import numpy as np
    >>> Concatenate(axis=1)([np.zeros((2, 3, 4)), np.ones((2, 5, 4))]).shape
    (2, 8, 4)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"Concatenate '{self.name}': axis must be an int, received axis={axis!r}."
            )
        self.axis = axis

    def build(self, input_shape):
        self._check_list(input_shape)
        shapes = [tuple(s) for s in input_shape if s is not None]
        ranks = {len(s) for s in shapes}
        described = ", ".join(_shape_str(s) for s in shapes)
        if len(ranks) > 1:
            raise ValueError(
                f"Concatenate '{self.name}': all inputs must have the same rank, received "
                f"shapes {described}."
            )
        if shapes:
            rank = len(shapes[0])
            if not -rank <= self.axis < rank:
                raise ValueError(
                    f"Concatenate '{self.name}': axis={self.axis} is out of range for inputs "
                    f"of rank {rank} (shapes {described})."
                )
            axis = self.axis % rank
            for dim in range(rank):
                sizes = {s[dim] for s in shapes} - {None}
                if dim != axis and len(sizes) > 1:
                    raise ValueError(
                        f"Concatenate '{self.name}': inputs must have matching shapes except "
                        f"on the concatenation axis {self.axis}, received shapes "
                        f"{described} (axis {dim} differs)."
                    )
        self.built = True

    def _merge_function(self, inputs, masks):
        return jnp.concatenate(inputs, axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        masks = self._masks_list(inputs, mask)
        if all(m is None for m in masks):
            return None
        full = [jnp.ones(x.shape, bool) if m is None else broadcast_mask(m, x)
                for x, m in zip(inputs, masks)]
        return jnp.any(jnp.concatenate(full, axis=self.axis), axis=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of :class:`Concatenate`: ``Concatenate(axis, **kwargs)(inputs)``.

    >>> import numpy as np
    >>> concatenate([np.zeros((1, 2)), np.ones((1, 1))]).tolist()
    [[0.0, 0.0, 1.0]]
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
