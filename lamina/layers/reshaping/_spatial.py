"""Private helpers of the cropping / padding / up-sampling layers.

* argument standardization (``standardize_tuple``, ``standardize_pairs``);
* which input axes are the spatial ones for a ``data_format``;
* mask transforms: a mask covers the *leading* axes of its tensor (shape
  ``inputs.shape[:mask.ndim]``, e.g. ``(batch, time)``), so a layer that crops, pads
  or repeats one of those axes applies the same change to the mask.

>>> standardize_pairs(((1, 2), 3), 2, "Cropping2D", "cropping")
((1, 2), (3, 3))
>>> spatial_axes(4, "channels_first")
(2, 3)
"""

import jax.numpy as jnp

from lamina.ops.operation import MaskNotSupportedError


def standardize_tuple(value, n, owner, name, allow_zero=True):
    """An int or an iterable of ``n`` ints -> a tuple of ``n`` non-negative ints.

    >>> standardize_tuple(2, 3, "UpSampling3D", "size", allow_zero=False)
    (2, 2, 2)
    """
    expected = f"an int or a tuple of {n} ints ({'>= 0' if allow_zero else '> 0'})"
    if isinstance(value, bool):
        values = None
    elif isinstance(value, int):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            values = None
        if values is not None and (
            len(values) != n
            or any(isinstance(v, bool) or not isinstance(v, int) for v in values)
        ):
            values = None
    if values is None or any(v < 0 or (v == 0 and not allow_zero) for v in values):
        raise ValueError(f"{owner}: {name} must be {expected}, received {name}={value!r}.")
    return values


def standardize_pairs(value, n, owner, name):
    """An int, ``n`` ints (symmetric) or ``n`` pairs -> ``n`` ``(before, after)`` pairs."""
    if isinstance(value, int) and not isinstance(value, bool):
        pair = standardize_tuple(value, 2, owner, name)
        return (pair,) * n
    try:
        entries = tuple(value)
    except TypeError:
        entries = ()
    if len(entries) != n:
        raise ValueError(
            f"{owner}: {name} must be an int, a tuple of {n} ints (symmetric amounts) or a "
            f"tuple of {n} (before, after) pairs, received {name}={value!r}."
        )
    return tuple(
        standardize_tuple(entry, 2, owner, f"{name}[{i}]") for i, entry in enumerate(entries)
    )


def spatial_axes(rank, data_format):
    """Axes of the spatial dimensions of a rank-``rank`` input."""
    if data_format == "channels_first":
        return tuple(range(2, rank))
    return tuple(range(1, rank - 1))


def check_prefix(mask, inputs, owner):
    if tuple(mask.shape) != tuple(inputs.shape[: mask.ndim]) or mask.ndim < 1:
        raise ValueError(
            f"{owner}: a mask must cover the leading axes of its input (shape "
            f"inputs.shape[:mask.ndim]); received mask.shape={tuple(mask.shape)} for "
            f"inputs.shape={tuple(inputs.shape)}."
        )


def crop_mask(mask, inputs, crops, owner):
    """Apply ``{axis: (start, end)}`` crops to the axes the mask covers."""
    if mask is None:
        return None
    check_prefix(mask, inputs, owner)
    index = [slice(None)] * mask.ndim
    for axis, (before, after) in crops.items():
        if axis < mask.ndim:
            index[axis] = slice(before, mask.shape[axis] - after)
    return mask[tuple(index)]


def pad_mask(mask, inputs, pads, owner):
    """Pad the covered axes with False (padding is never a valid position)."""
    if mask is None:
        return None
    check_prefix(mask, inputs, owner)
    widths = [(0, 0)] * mask.ndim
    for axis, pair in pads.items():
        if axis < mask.ndim:
            widths[axis] = tuple(pair)
    return jnp.pad(jnp.asarray(mask, bool), widths, constant_values=False)


def repeat_mask(mask, inputs, repeats, owner, interpolation="nearest"):
    """Repeat the covered axes like nearest-neighbour up-sampling does.

    Other interpolations blend neighbouring positions, so a mask on a resized axis has
    no well-defined value: that raises ``MaskNotSupportedError``.
    """
    if mask is None:
        return None
    check_prefix(mask, inputs, owner)
    touched = [axis for axis in repeats if axis < mask.ndim]
    if touched and interpolation != "nearest":
        raise MaskNotSupportedError(
            f"{owner} received a mask covering axis {touched[0]}, "
            f"which interpolation={interpolation!r} blends, so the output mask is not "
            "defined. Fix: use interpolation='nearest', or end the mask before this layer."
        )
    for axis in touched:
        mask = jnp.repeat(mask, repeats[axis], axis=axis)
    return mask


def crop(inputs, crops, owner):
    """Slice ``{axis: (before, after)}`` off ``inputs``; every axis must keep >= 1 entry."""
    index = [slice(None)] * inputs.ndim
    for axis, (before, after) in crops.items():
        size = inputs.shape[axis]
        if size is not None and before + after >= size:
            raise ValueError(
                f"{owner}: cropping {(before, after)} removes all {size} entries of axis "
                f"{axis} of an input of shape {tuple(inputs.shape)}; the total crop of an "
                "axis must be smaller than its size."
            )
        index[axis] = slice(before, size - after)
    return inputs[tuple(index)]


def cropped_shape(input_shape, crops, owner):
    """``compute_output_shape`` of a crop (unknown sizes stay unknown)."""
    shape = list(input_shape)
    for axis, (before, after) in crops.items():
        if shape[axis] is not None:
            if before + after >= shape[axis]:
                raise ValueError(
                    f"{owner}: cropping {(before, after)} removes all {shape[axis]} entries "
                    f"of axis {axis} of input_shape={tuple(input_shape)}; the total crop of "
                    "an axis must be smaller than its size."
                )
            shape[axis] -= before + after
    return tuple(shape)


def pad(inputs, pads):
    """Zero-pad ``{axis: (before, after)}``."""
    widths = [(0, 0)] * inputs.ndim
    for axis, pair in pads.items():
        widths[axis] = tuple(pair)
    return jnp.pad(inputs, widths)


def padded_shape(input_shape, pads):
    """``compute_output_shape`` of a padding (unknown sizes stay unknown)."""
    shape = list(input_shape)
    for axis, (before, after) in pads.items():
        if shape[axis] is not None:
            shape[axis] += before + after
    return tuple(shape)
