"""Shape alignment and the "no silent broadcast" check shared by losses and metrics.

Keras lines up a ``(N,)`` / ``(N, 1)`` pair by squeezing or expanding the last axis
(:func:`squeeze_or_expand_to_same_rank`). Anything else that would only work through
numpy broadcasting (``(N,)`` against ``(N, 3)`` gives an ``(N, N)``-shaped mistake when
``N == 3``; mismatched batch sizes) is an error here, raised by :func:`align_shapes`.

>>> import jax.numpy as jnp
>>> t, p = align_shapes("mean_squared_error", jnp.zeros((4, 1)), jnp.zeros((4,)))
>>> t.shape, p.shape
((4, 1), (4, 1))
>>> align_shapes("mean_squared_error", jnp.zeros((3,)), jnp.zeros((3, 3)))
Traceback (most recent call last):
...
lamina.losses.shapes.IncompatibleShapesError: mean_squared_error: y_true has shape (3,) ...
"""

import jax.numpy as jnp

RULES = ("same", "sparse")


class IncompatibleShapesError(ValueError):
    """``y_true`` / ``y_pred`` (or weights, masks) whose shapes do not line up."""


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Line up two arrays whose ranks differ by one at a trailing size-1 axis.

    The longer one loses its trailing 1, except that a rank-1 partner is expanded
    instead (so ``(N,)`` vs ``(N, 1)`` gives two ``(N, 1)`` arrays), as in Keras.

    >>> a, b = squeeze_or_expand_to_same_rank(jnp.zeros((2, 3, 1)), jnp.zeros((2, 3)))
    >>> a.shape, b.shape
    ((2, 3), (2, 3))
    """
    rank1, rank2 = jnp.ndim(x1), jnp.ndim(x2)
    if rank1 == rank2 + 1 and jnp.shape(x1)[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            return x1, jnp.expand_dims(x2, -1)
        return jnp.squeeze(x1, -1), x2
    if rank2 == rank1 + 1 and jnp.shape(x2)[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            return jnp.expand_dims(x1, -1), x2
        return x1, jnp.squeeze(x2, -1)
    return x1, x2


def _fail(owner, y_true, y_pred, expected):
    true_shape, pred_shape = tuple(jnp.shape(y_true)), tuple(jnp.shape(y_pred))
    raise IncompatibleShapesError(
        f"{owner}: y_true has shape {true_shape} and y_pred has shape {pred_shape}, "
        f"which do not line up: {expected} lamina does not broadcast them silently. Fix: "
        "reshape y_true (or the model output) so the shapes match; for integer class "
        "labels against per-class scores use a sparse_categorical_* loss or metric."
    )


def align_shapes(owner, y_true, y_pred, rule="same", axis=-1):
    """Squeeze/expand ``y_true``/``y_pred`` as Keras does, then check they line up.

    Args:
        owner: name used in the error message (the loss or metric).
        rule: ``"same"`` (identical shapes once a trailing axis of 1 is squeezed or
            expanded) or ``"sparse"`` (``y_true`` holds class indices: its shape is
            ``y_pred``'s without ``axis``, optionally with a trailing 1).

    Returns:
        the aligned ``(y_true, y_pred)`` pair.
    """
    if rule not in RULES:
        raise ValueError(f"align_shapes: rule must be one of {RULES}, received {rule!r}.")
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    true_shape, pred_shape = tuple(jnp.shape(y_true)), tuple(jnp.shape(y_pred))
    if rule == "sparse":
        if not pred_shape:
            _fail(owner, y_true, y_pred, "y_pred needs a class axis (rank >= 1).")
        class_axis = axis % len(pred_shape)
        expected = pred_shape[:class_axis] + pred_shape[class_axis + 1 :]
        labels = true_shape
        if len(true_shape) == len(pred_shape) and true_shape[class_axis] == 1:
            labels = true_shape[:class_axis] + true_shape[class_axis + 1 :]
        if labels != expected:
            _fail(owner, y_true, y_pred, f"class labels of shape {expected} were expected.")
        return y_true, y_pred
    if not pred_shape and not true_shape:
        _fail(owner, y_true, y_pred, "per-sample values need inputs of rank >= 1.")
    if true_shape != pred_shape:
        if true_shape and pred_shape and true_shape[0] != pred_shape[0]:
            _fail(owner, y_true, y_pred, "the batch sizes (first axis) differ.")
        _fail(owner, y_true, y_pred, "identical shapes were expected.")
    return y_true, y_pred


def leading_mask(owner, mask, x, what="y_pred"):
    """``mask`` as a boolean array whose shape is a prefix of ``x``'s (checked).

    Trailing axes of 1 beyond ``x``'s rank are dropped. Anything else is an error (a
    mask is never silently dropped or broadcast across the batch).

    >>> leading_mask("mse", jnp.array([[1], [0]]), jnp.zeros((2,))).tolist()
    [True, False]
    """
    mask = jnp.asarray(mask)
    if mask.dtype != jnp.bool_:
        mask = mask != 0
    x_shape = tuple(jnp.shape(x))
    while mask.ndim > len(x_shape) and mask.shape[-1] == 1:
        mask = jnp.squeeze(mask, -1)
    if x_shape[: mask.ndim] != tuple(mask.shape):
        raise IncompatibleShapesError(
            f"{owner}: the mask has shape {tuple(mask.shape)} but {what} has shape "
            f"{x_shape}; a mask must cover the leading axes of {what} (for sequence "
            "outputs: mask (batch, steps), per-sample losses (batch, steps)). A loss "
            "reduces the last axis of y_pred, so a mask over that axis cannot be applied. "
            "Fix: give the output a trailing feature axis, e.g. shape (batch, steps, 1)."
        )
    return mask


def broadcast_mask(owner, mask, x, what="y_pred"):
    """A boolean mask shaped like ``x``, from a mask covering ``x``'s leading axes.

    >>> broadcast_mask("mse", jnp.array([True, False]), jnp.zeros((2, 3))).shape
    (2, 3)
    """
    mask = leading_mask(owner, mask, x, what)
    x_shape = tuple(jnp.shape(x))
    mask = jnp.reshape(mask, mask.shape + (1,) * (len(x_shape) - mask.ndim))
    return jnp.broadcast_to(mask, x_shape)
