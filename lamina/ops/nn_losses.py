"""Loss ops of ``keras.ops.nn``: elementwise crossentropies and CTC loss / decoding.

These are the raw ops (no reduction, no sample weights, no label smoothing): the
``lamina.losses`` classes add those. Probabilities are clipped to
``[epsilon, 1 - epsilon]`` (``config.epsilon()``) as in Keras.

>>> [round(v, 4) for v in binary_crossentropy([0.0, 1.0], [0.2, 0.8]).tolist()]
[0.2231, 0.2231]
"""

import jax
import jax.numpy as jnp
import optax

from lamina import config
from lamina.core.convert import convert_to_tensor
from lamina.ops.dispatch import symbolic_aware

__all__ = [
    "binary_crossentropy", "categorical_crossentropy", "ctc_decode", "ctc_loss",
    "sparse_categorical_crossentropy",
]


def _float(x):
    x = convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(config.floatx())
    return x


def _same_shape(owner, target, output):
    if target.shape != output.shape:
        raise ValueError(
            f"ops.{owner}: target and output must have the same shape, received "
            f"target.shape={tuple(target.shape)} and output.shape={tuple(output.shape)}."
        )


def _log_probs(output, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    eps = config.epsilon()
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, eps, 1.0 - eps))


@symbolic_aware
def binary_crossentropy(target, output, from_logits=False):
    """Elementwise ``-(t log p + (1 - t) log(1 - p))`` (``output`` are logits when
    ``from_logits``).

    >>> [round(v, 4) for v in binary_crossentropy([1.0], [0.0], from_logits=True).tolist()]
    [0.6931]
    """
    output = _float(output)
    target = convert_to_tensor(target).astype(output.dtype)
    _same_shape("binary_crossentropy", target, output)
    if from_logits:
        return -(target * jax.nn.log_sigmoid(output)
                 + (1.0 - target) * jax.nn.log_sigmoid(-output))
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1.0 - eps)
    return -(target * jnp.log(output) + (1.0 - target) * jnp.log(1.0 - output))


@symbolic_aware
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-sum(target * log(probabilities))`` along ``axis`` (one value per sample).

    ``output`` holds probabilities (renormalised along ``axis``) or, with
    ``from_logits``, logits.

    >>> round(float(categorical_crossentropy([0.0, 1.0], [0.5, 0.5])), 4)
    0.6931
    """
    output = _float(output)
    target = convert_to_tensor(target).astype(output.dtype)
    _same_shape("categorical_crossentropy", target, output)
    if output.ndim < 1:
        raise ValueError("ops.categorical_crossentropy: inputs must have rank >= 1.")
    return -jnp.sum(target * _log_probs(output, from_logits, axis), axis=axis)


@symbolic_aware
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between integer labels ``target`` (shape ``output.shape[:-1]``, or
    with a trailing 1) and class probabilities / logits ``output``.

    >>> round(float(sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0]), 4)
    0.6931
    """
    output = _float(output)
    target = convert_to_tensor(target).astype("int32")
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, axis=-1)
    if output.ndim < 1 or target.shape != output.shape[:-1]:
        raise ValueError(
            "ops.sparse_categorical_crossentropy: target must have the shape of output "
            f"without its class axis; received target.shape={tuple(target.shape)} and "
            f"output.shape={tuple(output.shape)}."
        )
    one_hot = jax.nn.one_hot(target, output.shape[axis], axis=axis, dtype=output.dtype)
    return -jnp.sum(one_hot * _log_probs(output, from_logits, axis), axis=axis)


def _paddings(lengths, size, dtype):
    positions = jnp.arange(size)[None, :]
    return (positions >= jnp.asarray(lengths, "int32")[:, None]).astype(dtype)


@symbolic_aware
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Per-sequence CTC loss: the negative log-likelihood of the label sequences
    ``target`` ``(batch, max_label_length)`` (first ``target_length`` entries valid)
    under the per-step logits ``output`` ``(batch, steps, classes)`` (first
    ``output_length`` steps valid), class ``mask_index`` being the blank.

    The log-space forward algorithm of ``optax.ctc_loss``, with the ``-1e5`` floor Keras
    uses, so an impossible alignment gives a large finite loss.

    >>> import numpy as np
    >>> loss = ctc_loss(np.array([[1, 2]]), np.zeros((1, 3, 3), "float32"), [2], [3])
    >>> round(float(loss[0]), 4)
    1.6864
    """
    output = _float(output)
    output = output.astype(jnp.promote_types(output.dtype, jnp.float32))
    target = convert_to_tensor(target).astype("int32")
    if output.ndim != 3 or target.ndim != 2 or target.shape[0] != output.shape[0]:
        raise ValueError(
            "ops.ctc_loss: expected target of shape (batch, max_label_length) and output "
            "of shape (batch, steps, num_classes) with the same batch; received "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}."
        )
    return optax.ctc_loss(
        output,
        _paddings(output_length, output.shape[1], output.dtype),
        target,
        _paddings(target_length, target.shape[1], output.dtype),
        blank_id=mask_index,
        log_epsilon=-1e5,
    )


def _greedy(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = inputs.shape[1]
    best = jnp.argmax(inputs, axis=-1)
    padded = jnp.arange(steps)[None, :] >= jnp.asarray(sequence_lengths, "int32")[:, None]
    scores = -jnp.sum(jnp.where(padded, 0.0, jnp.max(inputs, axis=-1)), axis=1)
    best = jnp.where(padded, mask_index, best)
    drop = best == mask_index
    if merge_repeated:
        drop = drop | jnp.pad(best[:, 1:] == best[:, :-1], ((0, 0), (1, 0)))
    # Stable sort moves the kept labels to the front in order; dropped ones become -1.
    order = jnp.argsort(drop, axis=1, stable=True)
    labels = jnp.take_along_axis(jnp.where(drop, -1, best), order, axis=1)
    return labels[None].astype("int32"), scores[:, None]


@symbolic_aware
def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Decode per-step class scores ``(batch, steps, classes)`` into label sequences.

    Only ``strategy="greedy"`` is available: the best class of each step, repeats
    merged (``merge_repeated``), blanks (``mask_index``) removed. Returns
    ``(decoded, scores)``: ``decoded`` of shape ``(1, batch, steps)`` padded with -1 and
    ``scores`` ``(batch, 1)``, the negated sum of the chosen per-step scores.

    >>> import numpy as np
    >>> logits = np.log(np.array([[[.1, .8, .1], [.1, .8, .1], [.8, .1, .1],
    ...                            [.1, .1, .8]]], "float32"))
    >>> ctc_decode(logits, [4])[0].tolist()
    [[[1, 2, -1, -1]]]
    """
    if strategy != "greedy":
        raise ValueError(
            f"ops.ctc_decode: strategy={strategy!r} is not available in lamina; only "
            "'greedy' is. Pass strategy='greedy'."
        )
    inputs = _float(inputs)
    inputs = inputs.astype(jnp.promote_types(inputs.dtype, jnp.float32))
    if inputs.ndim != 3:
        raise ValueError(
            "ops.ctc_decode: inputs must have shape (batch, steps, num_classes), received "
            f"{tuple(inputs.shape)}."
        )
    return _greedy(inputs, sequence_lengths, merge_repeated, mask_index)
