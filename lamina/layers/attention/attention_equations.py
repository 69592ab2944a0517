"""Einsum equations of multi-head dot-product attention over arbitrary attention axes.

Projected tensors have the layout ``(batch, <other axes>, heads, channels)``. The axes
that attention runs over are given as positions in that layout; every other axis but
the channels (the batch, the other axes and the heads) is a batch-like axis.

>>> attention_equations(4, (1,))
('aecd,abcd->acbe', 'acbe,aecd->abcd', 4)
"""

import string


def attention_equations(rank, attention_axes):
    """``(dot_equation, combine_equation, scores_rank)`` for projected tensors of ``rank``.

    * ``dot_equation``: ``key, query -> scores`` with the scores laid out as
      ``(<batch-like axes>, <query attention axes>, <key attention axes>)`` (so rank-4
      tensors give the usual ``(B, heads, T, S)``);
    * ``combine_equation``: ``scores, value -> output`` in the query's layout.

    >>> attention_equations(5, (1, 2))[2]
    6
    """
    letters = string.ascii_lowercase
    query = letters[:rank]
    key = list(query)
    extra = iter(letters[rank:])
    for axis in attention_axes:
        key[axis] = next(extra)
    key = "".join(key)
    batch_like = [i for i in range(rank - 1) if i not in attention_axes]
    scores = (
        "".join(query[i] for i in batch_like)
        + "".join(query[i] for i in attention_axes)
        + "".join(key[i] for i in attention_axes)
    )
    return f"{key},{query}->{scores}", f"{scores},{key}->{query}", len(scores)


def normalize_attention_axes(owner, attention_axes, input_rank):
    """Attention axes as input-axis indices in ``[1, input_rank - 2]`` (negatives allowed).

    ``None`` means every axis but the batch and the features.

    >>> normalize_attention_axes("mha", None, 4), normalize_attention_axes("mha", -2, 4)
    ((1, 2), (2,))
    """
    if attention_axes is None:
        return tuple(range(1, input_rank - 1))
    if isinstance(attention_axes, int):
        attention_axes = (attention_axes,)
    result = []
    for axis in attention_axes:
        normalized = axis + input_rank if axis < 0 else axis
        if not 1 <= normalized <= input_rank - 2:
            raise ValueError(
                f"{owner}: attention_axes={tuple(attention_axes)} is out of range for inputs "
                f"of rank {input_rank}: each axis must name a non-batch, non-feature axis "
                f"(1 to {input_rank - 2}, or -2 to {1 - input_rank})."
            )
        result.append(normalized)
    if len(set(result)) != len(result):
        raise ValueError(
            f"{owner}: attention_axes={tuple(attention_axes)} names the same axis twice."
        )
    return tuple(result)
