"""``pad_sequences``: a list of variable-length sequences -> one padded numpy array."""

import numpy as np


def _is_text_dtype(dtype) -> bool:
    try:
        return np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    except TypeError:
        return False


def pad_sequences(
    sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0
):
    """Pad (and cut) sequences to one length, as Keras 3's ``pad_sequences``.

    Each sequence becomes a row of length ``maxlen`` (default: the longest sequence).
    Longer ones lose their start (``truncating="pre"``) or end (``"post"``); shorter ones
    get ``value`` before (``padding="pre"``) or after (``"post"``) them. Items may be
    arrays themselves (every non-empty item with the same shape). For variable-length
    strings use ``dtype=object`` (a fixed-width ``str`` dtype also works).

    Args:
        sequences: a list (or other sized iterable) of sequences.
        maxlen: row length; ``None`` for the longest sequence.
        dtype: dtype of the result (``"int32"``).
        padding: ``"pre"`` or ``"post"``.
        truncating: ``"pre"`` or ``"post"``.
        value: the padding value.

    Returns:
        A numpy array of shape ``(len(sequences), maxlen, *item_shape)``.

    >>> pad_sequences([[1, 2, 3], [4, 5], [6]])
    array([[1, 2, 3],
           [0, 4, 5],
           [0, 0, 6]], dtype=int32)
    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post", value=-1)
    array([[ 1,  2],
           [ 4, -1]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            "pad_sequences: `sequences` must be a list (or other sized iterable) of "
            f"sequences, received {type(sequences).__name__}."
        )
    for name, option in (("padding", padding), ("truncating", truncating)):
        if option not in ("pre", "post"):
            raise ValueError(
                f"pad_sequences: `{name}` must be 'pre' or 'post', received {option!r}."
            )
    lengths, item_shape = [], None
    for index, sequence in enumerate(sequences):
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError(
                f"pad_sequences: sequence {index} is not a sequence (received "
                f"{type(sequence).__name__}: {sequence!r}); pass a list of lists or arrays."
            ) from None
        if item_shape is None and len(sequence):
            item_shape = np.asarray(sequence).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    maxlen = int(maxlen)
    if isinstance(value, str) and dtype is not object and not _is_text_dtype(dtype):
        raise ValueError(
            f"pad_sequences: dtype={dtype!r} cannot hold the string padding value {value!r}; "
            "use dtype=object for variable-length strings."
        )
    result = np.full((len(lengths), maxlen, *item_shape), value, dtype=dtype)
    if maxlen == 0:
        return result
    for index, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"pad_sequences: the items of sequence {index} have shape {kept.shape[1:]}, "
                f"but earlier items have shape {item_shape}; every item needs the same shape."
            )
        if padding == "post":
            result[index, : len(kept)] = kept
        else:
            result[index, maxlen - len(kept) :] = kept
    return result
