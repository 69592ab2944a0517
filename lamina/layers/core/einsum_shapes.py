"""Shape analysis of an ``EinsumDense`` equation: kernel, bias and output shapes.

An equation has one of three forms (``X``, ``Y``, ``Z`` are runs of letters):

* ``"X,Y->Z"``: no ellipsis; ``Z[0]`` is the batch axis;
* ``"...X,Y->...Z"``: leading input axes are carried over (they include the batch);
* ``"X...,Y->Z..."``: trailing input axes are carried over (``X`` has >= 2 letters).

The ``output_shape`` a user gives lists the sizes of ``Z`` without the batch letter
(forms 1 and 3) or of all of ``Z`` (form 2); ``None`` means "take it from the input".

>>> spec = einsum_shapes("EinsumDense 'd'", "abc,cd->abd", "d", (2, 5, 4), (None, 8))
>>> spec.kernel_shape, spec.bias_shape, spec.output_shape
((4, 8), (8,), (2, 5, 8))
>>> spec.input_axes, spec.output_axes
((0,), (1,))
"""

import dataclasses
import re

_FORMS = (
    (re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), None),
    (re.compile(r"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$"), "left"),
    (re.compile(r"^([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$"), "right"),
)


@dataclasses.dataclass(frozen=True)
class EinsumShapes:
    """What ``EinsumDense.build`` needs to know about its equation and input."""

    kernel_shape: tuple
    bias_shape: tuple | None
    output_shape: tuple
    input_axes: tuple  # kernel axes contracted with the input (for fan_in)
    output_axes: tuple  # kernel axes that appear in the output (for fan_out)


def split_equation(owner, equation):
    """``(input_letters, kernel_letters, output_letters, ellipsis)`` of an equation.

    ``ellipsis`` is None, ``"left"`` or ``"right"``.

    >>> split_equation("layer", "...b,bc->...c")
    ('b', 'bc', 'c', 'left')
    """
    text = str(equation).replace(" ", "")
    for pattern, ellipsis in _FORMS:
        match = pattern.match(text)
        if match:
            return (*match.groups(), ellipsis)
    raise ValueError(
        f"{owner}: equation={equation!r} is not a supported einsum equation. Use one of "
        "'X,Y->Z', '...X,Y->...Z' or 'X...,Y->Z...' (X, Y, Z: runs of letters; for the "
        "last form X has at least 2 letters), e.g. 'abc,cd->abd'."
    )


def _full_output_shape(owner, ins, outs, ellipsis, input_shape, output_shape):
    """The output's full shape, with the letters of ``outs`` mapped to their positions."""
    elided = len(input_shape) - len(ins)
    if elided < 0 or (elided > 0 and ellipsis is None):
        raise ValueError(
            f"{owner}: the equation's input has {len(ins)} axes ({ins!r}) but the input "
            f"has shape {tuple(input_shape)} (rank {len(input_shape)}). Pass an input of "
            f"rank {len(ins)}, or use '...' in the equation for extra axes."
        )
    named = len(outs) if ellipsis == "left" else len(outs) - 1
    if len(output_shape) != named:
        raise ValueError(
            f"{owner}: output_shape={tuple(output_shape)} must give {named} sizes (one per "
            f"letter of {outs[-named:] if named else '(none)'!r}"
            f"{'' if ellipsis == 'left' else ', the batch letter excluded'}); received "
            f"{len(output_shape)}. Use None for sizes taken from the input."
        )
    if ellipsis == "left":
        full = [*input_shape[:elided], *output_shape]
        positions = {c: elided + i for i, c in enumerate(outs)}
        in_positions = {c: elided + i for i, c in enumerate(ins)}
    else:
        full = [input_shape[0], *output_shape]
        if ellipsis == "right":
            full += list(input_shape[len(ins):])
        positions = {c: i for i, c in enumerate(outs)}
        in_positions = {c: i for i, c in enumerate(ins)}
    for c, pos in positions.items():
        if c in in_positions:
            size = input_shape[in_positions[c]]
            if full[pos] is not None and size is not None and full[pos] != size:
                raise ValueError(
                    f"{owner}: axis {c!r} is shared by the input and the output, but the "
                    f"input has size {size} there and output_shape asks for {full[pos]}. "
                    f"Use None (or {size}) in output_shape for that axis."
                )
            full[pos] = size
    return full, positions, in_positions


def einsum_shapes(owner, equation, bias_axes, input_shape, output_shape):
    """Analyse ``equation`` for an input of ``input_shape`` (batch included).

    >>> einsum_shapes("l", "...x,xy->...y", "y", (3, 7, 5), 4).output_shape
    (3, 7, 4)
    >>> einsum_shapes("l", "ab...,bc->ac...", "c", (2, 3, 6), (5,)).bias_shape
    (5, 1)
    """
    ins, kernel, outs, ellipsis = split_equation(owner, equation)
    input_shape = tuple(input_shape)
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    full, positions, in_positions = _full_output_shape(
        owner, ins, outs, ellipsis, input_shape, output_shape)
    for c in outs:
        if c not in ins and c not in kernel:
            raise ValueError(
                f"{owner}: output letter {c!r} of equation {equation!r} appears in neither "
                f"the input {ins!r} nor the kernel {kernel!r}."
            )
    kernel_shape, input_axes, output_axes = [], [], []
    for i, c in enumerate(kernel):
        if c in positions:
            size, kind = full[positions[c]], output_axes
        elif c in in_positions:
            size, kind = input_shape[in_positions[c]], input_axes
        else:
            raise ValueError(
                f"{owner}: kernel letter {c!r} of equation {equation!r} appears in neither "
                f"the input {ins!r} nor the output {outs!r}; every kernel axis needs a size."
            )
        if size is None:
            raise ValueError(
                f"{owner}: the size of kernel axis {c!r} is unknown (input_shape="
                f"{input_shape}, output_shape={tuple(output_shape)}). Give it in "
                "output_shape, or pass an input whose axis is known."
            )
        kernel_shape.append(int(size))
        kind.append(i)
    bias_shape = None
    if bias_axes:
        missing = [c for c in bias_axes if c not in outs]
        if missing:
            raise ValueError(
                f"{owner}: bias_axes={bias_axes!r} names {missing}, which are not letters of "
                f"the output {outs!r} of equation {equation!r}."
            )
        first = min(outs.index(c) for c in bias_axes)
        bias_shape = [full[positions[c]] if c in bias_axes else 1 for c in outs[first:]]
        if ellipsis == "right":
            bias_shape += [1] * (len(input_shape) - len(ins))
        bias_shape = tuple(bias_shape)
    return EinsumShapes(tuple(kernel_shape), bias_shape, tuple(full), tuple(input_axes),
                        tuple(output_axes))
