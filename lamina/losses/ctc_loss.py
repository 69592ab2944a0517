"""CTC (Connectionist Temporal Classification) loss, as ``keras.losses.CTC`` / ``ctc``.

``y_true``: integer labels, shape ``(batch, max_label_length)``, padded with 0; class 0
is the blank and is never a real label (the label length is the number of non-zero
entries, as in Keras). ``y_pred``: unnormalised logits, shape
``(batch, steps, num_classes)``. The per-sequence loss is the negative log-likelihood
of the labels summed over every alignment, computed by the log-space forward
algorithm of ``optax.ctc_loss`` (a ``lax.scan`` over the steps; the same algorithm and
``log_epsilon = -1e5`` floor as Keras' JAX backend, so impossible alignments give a
large finite loss instead of ``inf``).

Masks (lamina extension): a ``(batch, steps)`` mask on ``y_pred`` marks the valid
steps of each sequence (the input lengths); a sequence with no valid step, or a
``(batch,)`` mask, leaves that sample out of the reduction.
"""

import jax
import jax.numpy as jnp
import optax

from lamina._registry import register_builtin
from lamina.core.convert import convert_to_tensor
from lamina.core.masking import get_mask
from lamina.losses._inputs import float_tensor
from lamina.losses.loss import Loss, LossFunctionWrapper
from lamina.losses.reduction import reduce_weighted_values
from lamina.losses.shapes import IncompatibleShapesError, leading_mask

#: The blank class (Keras' ``mask_index``).
BLANK_INDEX = 0

# Compiled once per input shape: eager calls then skip re-tracing the scan.
_forward = jax.jit(optax.ctc_loss, static_argnames=("blank_id",))


def _check_shapes(owner, y_true, y_pred):
    if y_true.ndim != 2:
        raise IncompatibleShapesError(
            f"{owner}: y_true must hold integer labels of shape (batch, max_label_length), "
            f"padded with 0; received shape {tuple(y_true.shape)}."
        )
    if y_pred.ndim != 3:
        raise IncompatibleShapesError(
            f"{owner}: y_pred must hold logits of shape (batch, steps, num_classes); "
            f"received shape {tuple(y_pred.shape)}."
        )
    if y_true.shape[0] != y_pred.shape[0]:
        raise IncompatibleShapesError(
            f"{owner}: y_true has {y_true.shape[0]} sequences but y_pred has "
            f"{y_pred.shape[0]}; both need the same batch size."
        )


def ctc_values(y_true, y_pred, step_mask=None, owner="ctc"):
    """Per-sequence CTC losses; ``step_mask`` (``(batch, steps)``, True = valid) is optional.

    >>> import numpy as np
    >>> logits = np.zeros((1, 3, 3), "float32")
    >>> round(float(ctc_values(np.array([[1, 2]]), logits)[0]), 4)
    1.6864
    """
    y_pred = float_tensor(y_pred)
    y_pred = y_pred.astype(jnp.promote_types(y_pred.dtype, jnp.float32))
    y_true = convert_to_tensor(y_true)
    _check_shapes(owner, y_true, y_pred)
    labels = y_true.astype("int32")
    label_length = jnp.sum(labels != BLANK_INDEX, axis=-1)
    positions = jnp.arange(labels.shape[1])[None, :]
    label_paddings = (positions >= label_length[:, None]).astype(y_pred.dtype)
    if step_mask is None:
        logit_paddings = jnp.zeros(y_pred.shape[:2], y_pred.dtype)
    else:
        logit_paddings = jnp.logical_not(step_mask).astype(y_pred.dtype)
    return _forward(y_pred, logit_paddings, labels, label_paddings, blank_id=BLANK_INDEX)


@register_builtin
def ctc(y_true, y_pred):
    """CTC loss of each sequence: labels ``(batch, max_len)`` padded with 0, logits
    ``(batch, steps, classes)``.

    >>> import numpy as np
    >>> logits = np.zeros((2, 3, 3), "float32")
    >>> [round(v, 4) for v in ctc(np.array([[1, 2], [1, 0]]), logits).tolist()]
    [1.6864, 1.5041]
    """
    return ctc_values(y_true, y_pred)


@register_builtin
class CTC(LossFunctionWrapper):
    """CTC loss between padded integer label sequences and per-step class logits.

    A ``(batch, steps)`` mask on ``y_pred`` gives the length of each input sequence.

    >>> import numpy as np
    >>> logits = np.zeros((2, 3, 3), "float32")
    >>> round(float(CTC()(np.array([[1, 2], [1, 0]]), logits)), 4)
    1.5952
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)

    def __call__(self, y_true, y_pred, sample_weight=None, *, mask=None):
        in_mask = get_mask(y_pred) if mask is None else mask
        if in_mask is None:
            return super().__call__(y_true, y_pred, sample_weight)
        owner = self._owner()
        y_true, y_pred = self._convert(y_true), self._convert(y_pred)
        _check_shapes(owner, y_true, y_pred)
        valid = leading_mask(owner, convert_to_tensor(in_mask), y_pred)
        if valid.ndim > 2:
            raise IncompatibleShapesError(
                f"{owner}: the mask has shape {tuple(valid.shape)}; CTC takes a mask over "
                "(batch, steps) (the valid steps of each sequence) or over (batch,)."
            )
        steps = valid if valid.ndim == 2 else None
        rows = jnp.any(valid, axis=1) if valid.ndim == 2 else valid
        y_true = jnp.where(rows[:, None], y_true, jnp.zeros((), y_true.dtype))
        keep = jnp.reshape(valid, valid.shape + (1,) * (y_pred.ndim - valid.ndim))
        y_pred = jnp.where(keep, y_pred, jnp.zeros((), y_pred.dtype))
        losses = ctc_values(y_true, y_pred, steps, owner=owner)
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=rows, reduction=self.reduction,
            dtype=self.dtype, owner=owner,
        )

    def get_config(self) -> dict:
        return Loss.get_config(self)
