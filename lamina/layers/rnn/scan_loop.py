"""The recurrent loop shared by every RNN layer: one ``jax.lax.scan`` over time.

``rnn_loop(step, sequences, initial_states, ...)`` runs ``step(x_t, states) ->
(output_t, new_states)`` over the time axis of ``sequences`` (``(batch, time, ...)``).

Masks (Keras semantics): at a step where ``mask[b, t]`` is False, sample ``b`` keeps its
states unchanged and its output equals its previous output. Masked inputs are replaced
by zeros *before* the step runs and every selection uses ``jnp.where`` (never a
multiplication by the mask), so a NaN in the padding reaches neither the outputs nor the
gradients.

>>> import jax.numpy as jnp
>>> def step(x, states):  # running sum
...     total = states[0] + x
...     return total, [total]
>>> x = jnp.ones((1, 4, 1))
>>> mask = jnp.array([[True, True, False, True]])
>>> last, seq, states = rnn_loop(step, x, [jnp.zeros((1, 1))], mask=mask)
>>> seq[0, :, 0].tolist(), last.tolist()
([1.0, 2.0, 2.0, 3.0], [[3.0]])
"""

import jax
import jax.numpy as jnp


def _keep(mask_t, like):
    """``mask_t`` of shape ``(batch,)`` reshaped to broadcast against ``like``."""
    return mask_t.reshape(mask_t.shape + (1,) * (like.ndim - 1))


def check_mask(mask, sequences, layer_name):
    """The mask as a ``(batch, time)`` bool array, or a clear error."""
    if mask is None:
        return None
    mask = jnp.asarray(mask)
    if mask.ndim == 3 and mask.shape[-1] == 1:
        mask = mask[..., 0]
    batch, time = sequences.shape[0], sequences.shape[1]
    if mask.ndim != 2 or mask.shape[0] != batch or mask.shape[1] != time:
        raise ValueError(
            f"Layer '{layer_name}': the mask must have shape (batch, timesteps) = "
            f"({batch}, {time}) to match the inputs of shape {tuple(sequences.shape)}, "
            f"received a mask of shape {tuple(mask.shape)}. Pass one boolean per sample "
            "and timestep (True = a real step, False = padding)."
        )
    return mask.astype(bool)


def rnn_loop(
    step,
    sequences,
    initial_states,
    mask=None,
    go_backwards=False,
    unroll=False,
    zero_output_for_mask=False,
    return_sequences=True,
    initial_output=None,
):
    """Scan ``step`` over time. Returns ``(last_output, outputs, final_states)``.

    Args:
        step: ``step(x_t, states) -> (output_t, new_states)``; ``states`` is the flat
            list ``initial_states`` has.
        sequences: ``(batch, time, ...)`` array.
        initial_states: flat list of ``(batch, ...)`` arrays.
        mask: ``(batch, time)`` bool array or None.
        go_backwards: process the sequence from its last step to its first; the
            returned ``outputs`` are then in processing order (reversed time), as Keras.
        unroll: False (a rolled loop), True (fully unrolled) or an int unroll factor.
        zero_output_for_mask: masked steps of ``outputs`` hold zeros instead of the
            previous output (``last_output`` is always the last valid output).
        return_sequences: also return the output of every step (else ``outputs`` is
            None).
        initial_output: the "previous output" before the first step (masked leading
            steps repeat it); default zeros.
    """
    xs = jnp.swapaxes(sequences, 0, 1)
    steps = xs.shape[0]
    if steps == 0:
        raise ValueError(
            f"An RNN needs at least one timestep, received inputs of shape "
            f"{tuple(sequences.shape)}."
        )
    states = list(initial_states)
    if mask is not None:
        ms = jnp.swapaxes(mask, 0, 1)
        xs = jnp.where(ms.reshape(ms.shape + (1,) * (xs.ndim - 2)), xs, jnp.zeros((), xs.dtype))
    if initial_output is None:
        out_shape = jax.eval_shape(lambda x, s: step(x, s)[0], xs[0], states)
        initial_output = jnp.zeros(out_shape.shape, out_shape.dtype)

    def body(carry, inputs):
        old_states, previous = carry
        x_t, m_t = inputs if mask is not None else (inputs, None)
        output, new_states = step(x_t, old_states)
        new_states = [jnp.asarray(n).astype(o.dtype) for n, o in zip(_as_list(new_states),
                                                                     old_states)]
        output = output.astype(previous.dtype)
        if m_t is None:
            return (new_states, output), (output if return_sequences else None)
        new_states = [jnp.where(_keep(m_t, o), n, o) for n, o in zip(new_states, old_states)]
        kept = _keep(m_t, output)
        carried = jnp.where(kept, output, previous)
        if not return_sequences:
            return (new_states, carried), None
        emitted = jnp.where(kept, output, jnp.zeros((), output.dtype)) if (
            zero_output_for_mask) else carried
        return (new_states, carried), emitted

    if unroll is True:
        unroll_factor = steps
    elif unroll is False or unroll is None:
        unroll_factor = 1
    else:
        unroll_factor = int(unroll)
    scanned = (xs, ms) if mask is not None else xs
    (final_states, last_output), outputs = jax.lax.scan(
        body, (states, initial_output), scanned, reverse=go_backwards, unroll=unroll_factor
    )
    if return_sequences:
        if go_backwards:
            outputs = jnp.flip(outputs, axis=0)
        outputs = jnp.swapaxes(outputs, 0, 1)
    else:
        outputs = None
    return last_output, outputs, list(final_states)


def _as_list(states):
    if isinstance(states, (list, tuple)):
        return list(states)
    return [states]
