"""``Permute``: reorder the non-batch axes of the inputs.

>>> import numpy as np
>>> Permute((2, 1))(np.zeros((2, 3, 4))).shape
(2, 4, 3)
"""

import jax.numpy as jnp

from lamina._registry import register_builtin
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.reshaping import _spatial
from lamina.ops.operation import MaskNotSupportedError


@register_builtin
class Permute(Layer):
    """Transposes ``(batch, d1, ..., dn)`` inputs: output axis ``i`` is input axis ``dims[i-1]``.

    Args:
        dims: a permutation of ``1..n`` (the batch axis 0 is never moved).

    Masks: a mask covers the leading axes of the input (``(batch, time)`` for a
    sequence). It is kept (transposed if needed) when the axes it covers stay among
    the leading axes of the output; ``Permute((1, 3, 2))`` keeps a ``(batch, time)``
    mask. If the permutation moves a masked axis elsewhere (``Permute((2, 1))`` on a
    sequence), the mask has no meaning any more and the layer raises
    ``MaskNotSupportedError``.

    >>> Permute((3, 1, 2)).compute_output_shape((None, 2, 3, 4))
    (None, 4, 2, 3)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        try:
            dims = tuple(dims)
        except TypeError:
            dims = None
        if (
            not dims
            or any(isinstance(d, bool) or not isinstance(d, int) for d in dims)
            or sorted(dims) != list(range(1, len(dims) + 1))
        ):
            raise ValueError(
                f"Permute '{self.name}': dims must be a permutation of 1..n (the batch axis "
                f"0 is never moved), e.g. (2, 1); received dims={dims!r}."
            )
        self.dims = dims
        self.input_spec = InputSpec(ndim=len(dims) + 1)
        self.built = True

    def call(self, inputs):
        return jnp.transpose(inputs, (0, *self.dims))

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        covered = mask.ndim - 1  # non-batch axes the mask covers
        moved = self.dims[:covered]
        _spatial.check_prefix(mask, inputs, f"Permute '{self.name}'")
        if sorted(moved) != list(range(1, covered + 1)):
            raise MaskNotSupportedError(
                f"Layer '{self.name}' (Permute) received a mask of shape "
                f"{tuple(mask.shape)} for inputs of shape {tuple(inputs.shape)}, but "
                f"dims={self.dims} moves a masked axis away from the leading axes, so the "
                "mask would no longer describe the output. Fix: keep the time axis in "
                "place (dims starting with 1), or end the mask before this layer."
            )
        return jnp.transpose(mask, (0, *moved))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def get_config(self):
        return {**super().get_config(), "dims": self.dims}
