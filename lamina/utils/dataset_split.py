"""``split_dataset``: cut in-memory data (arrays, tuples/lists/dicts of arrays) in two."""

import random

import numpy as np


def _split_sizes(left_size, right_size, total):
    """Keras 3's rules: a float is a fraction of ``total`` (rounded), an int a count, and
    ``None`` the complement of the other side; neither side may end up empty."""
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(
                f"split_dataset: `{name}` must be an int (a count), a float (a fraction) or "
                f"None; received {type(size).__name__}: {size!r}."
            )
        if type(size) is int and not 0 < size < total:
            raise ValueError(
                f"split_dataset: `{name}` as a count must be in (0, {total}) for a dataset of "
                f"{total} samples; received {name}={size}."
            )
        if type(size) is float and not 0 < size < 1:
            raise ValueError(
                f"split_dataset: `{name}` as a fraction must be in (0, 1); received {name}={size}."
            )
    if left_size is None and right_size is None:
        raise ValueError("split_dataset: pass left_size, right_size or both.")
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError(
            f"split_dataset: left_size + right_size = {left_size + right_size} is more than 1."
        )
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"split_dataset: left ({left}) + right ({right}) samples are more than the "
            f"{total} samples of the dataset."
        )
    if left == 0 or right == 0:
        side = "left" if left == 0 else "right"
        raise ValueError(
            f"split_dataset: with {total} samples, left_size={left_size} and "
            f"right_size={right_size} leave the {side} side empty; choose larger sizes."
        )
    return int(left), int(right)


def split_dataset(
    dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None
):
    """Split ``dataset`` into a left part (the first samples) and a right part (the last).

    Keras 3 returns two ``tf.data`` (or torch) datasets. lamina works on in-memory data
    and returns the same kind of object it received, cut along the first axis: a numpy
    array gives two arrays; a tuple / list / dict of arrays (all with the same number of
    samples) gives two tuples / lists / dicts. Pass them to ``fit`` as usual (e.g.
    ``fit(*left)`` for an ``(x, y)`` tuple). When the sizes do not add up to the whole,
    the samples in between are left out, as in Keras.

    Args:
        dataset: a numpy array (or array-like) or a tuple / list / dict of them.
        left_size: float in (0, 1) (fraction) or int (count) of samples on the left;
            ``None`` for the complement of ``right_size``.
        right_size: the same for the right part.
        shuffle: shuffle the samples before splitting.
        seed: seed of the shuffle (the same order as Keras for the same seed).
        preferred_backend: accepted for Keras compatibility; lamina always returns
            numpy data.

    Returns:
        ``(left, right)``, each of the same type and structure as ``dataset``.

    >>> import numpy as np
    >>> left, right = split_dataset((np.arange(10), np.arange(10) * 2), left_size=0.8)
    >>> left[0].tolist(), right[1].tolist()
    ([0, 1, 2, 3, 4, 5, 6, 7], [16, 18])
    """
    if isinstance(dataset, dict):
        kind, parts = "dict", dict(dataset)
    elif isinstance(dataset, (list, tuple)):
        kind, parts = type(dataset), dict(enumerate(dataset))
    else:
        kind, parts = None, {0: dataset}
    if not parts:
        raise ValueError("split_dataset: the dataset is empty.")
    parts = {k: np.asarray(v) for k, v in parts.items()}
    lengths = {k: (len(v) if v.ndim else None) for k, v in parts.items()}
    if None in lengths.values() or len(set(lengths.values())) != 1:
        raise ValueError(
            "split_dataset: every array must have the same number of samples along the first "
            f"axis; received lengths {lengths}."
        )
    total = next(iter(lengths.values()))
    left, right = _split_sizes(left_size, right_size, total)
    order = list(range(total))
    if shuffle:
        random.Random(random.randint(0, int(1e6)) if seed is None else seed).shuffle(order)
    order = np.asarray(order, dtype=np.int64)
    halves = []
    for indices in (order[:left], order[total - right :]):
        cut = {k: v[indices] for k, v in parts.items()}
        if kind is None:
            halves.append(cut[0])
        elif kind == "dict":
            halves.append(cut)
        else:
            halves.append(kind(cut[i] for i in range(len(cut))))
    return tuple(halves)
