"""Get and set the mask that belongs to a tensor.

Symbolic tensors keep their mask in a slot. Arrays and tracers cannot take attributes
in JAX, so eager chains of layer calls use a side table keyed by the array's identity;
an entry dies with its array (weak reference), so an id is never reused for a stale mask.
Each mask remembers its *origin*: the name of the layer that created it, so an error
about a mask can say where it came from.
"""

from lamina.core import context
from lamina.core.keras_tensor import KerasTensor


def get_mask(x):
    """The mask attached to ``x``, or None."""
    if isinstance(x, KerasTensor):
        return x._keras_mask
    if x is None:
        return None
    try:
        return context.recall_mask(x)[0]
    except TypeError:
        return None


def get_mask_origin(x):
    """Name of the layer that created the mask attached to ``x`` (or None)."""
    if isinstance(x, KerasTensor):
        return x._keras_mask_origin
    try:
        return context.recall_mask(x)[1]
    except TypeError:
        return None


def set_mask(x, mask, origin=None) -> None:
    """Attach ``mask`` (None to detach) to ``x``; ``origin`` names the creating layer."""
    if isinstance(x, KerasTensor):
        x._keras_mask = mask
        x._keras_mask_origin = origin if mask is not None else None
        return
    if mask is None:
        context.MASK_TABLE.pop(id(x), None)
        return
    try:
        context.remember_mask(x, mask, origin)
    except TypeError:
        pass  # Python scalars cannot carry a mask; they are never sequence outputs.
