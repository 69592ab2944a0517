"""``RNN``: runs a recurrent cell over the time axis of its inputs with ``jax.lax.scan``.

>>> import numpy as np
>>> from lamina.layers.rnn.lstm import LSTMCell
>>> layer = RNN(LSTMCell(4), return_sequences=True)
>>> layer(np.ones((2, 5, 3))).shape
(2, 5, 4)
"""

import weakref

import jax
import jax.numpy as jnp

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.core.scopes import StatelessScope
from lamina.core.variable import Variable
from lamina.layers.call_spec import call_spec_for
from lamina.layers.input_spec import InputSpec
from lamina.layers.layer import Layer
from lamina.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from lamina.layers.rnn.scan_loop import check_mask, rnn_loop
from lamina.layers.rnn.stacked_rnn_cells import StackedRNNCells, build_cell, output_size_of
from lamina.utils import tree

#: Per layer, the jitted loop its eager calls reuse (kept off the layer's attributes).
_EAGER_LOOPS = weakref.WeakKeyDictionary()


def cell_property(name, doc=None):
    """A read-only property forwarding ``name`` to ``self.cell`` (``LSTM.units``...)."""
    return property(lambda self: getattr(self.cell, name), doc=doc or f"``cell.{name}``.")


@register_builtin
class RNN(Layer):
    """Base class of recurrent layers: scans ``cell`` over time.

    A cell has ``call(inputs_t, states) -> (output_t, new_states)``, a ``state_size``
    (an int, or a list of ints: one per state) and optionally ``output_size`` and
    ``get_initial_state(batch_size)``. A list of cells is stacked
    (:class:`StackedRNNCells`).

    Args:
        cell: an RNN cell, or a list of cells.
        return_sequences: return the output of every step (``(batch, time, units)``)
            instead of the last one (``(batch, units)``).
        return_state: also return the final states (``[output, *states]``).
        go_backwards: process the sequence backwards; sequence outputs are then in
            reversed time order (as Keras).
        stateful: the final states of a batch are the initial states of the next one
            (kept in non-trainable variables; needs a fixed batch size). Reset them with
            ``reset_state()``.
        unroll: unroll the ``lax.scan`` (True: fully; an int: by that factor).
        zero_output_for_mask: masked steps of the sequence output are zeros instead of
            the previous output.

    Call arguments: ``sequences`` ``(batch, time, ...)``; ``initial_state`` (a tensor or
    list of tensors, one per state); ``mask`` ``(batch, time)`` booleans; ``training``.

    Masks (as the talk describes): the layer consumes the mask: at a masked step a
    sample keeps its states, and its output is the previous one (before the first valid
    step: the initial first state, i.e. zeros by default; this is Keras' ``lax.scan``
    behaviour). Masked inputs are replaced by zeros before the cell sees them and every
    selection is a ``where``, so NaN padding reaches neither outputs nor gradients. With
    ``return_sequences`` the output keeps the mask; without it the mask ends here. With
    ``go_backwards`` and ``return_sequences`` the output mask is reversed like the
    outputs (Keras returns the unreversed mask, which does not line up with them).

    Stateful states are variables of the layer (``non_trainable_variables``, so ``fit``
    carries them from batch to batch) but not weights: like Keras, ``get_weights`` and
    saved weights leave them out.

    >>> import numpy as np
    >>> from lamina.layers.rnn.gru import GRUCell
    >>> out, state = RNN(GRUCell(2), return_state=True)(np.ones((1, 3, 4)))
    >>> out.shape, state.shape
    ((1, 2), (1, 2))
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        super().__init__(**kwargs)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                f"RNN '{self.name}': cell must have a call(inputs, states) method, received "
                f"{cell!r} of type {type(cell).__name__}."
            )
        if getattr(cell, "state_size", None) is None:
            raise ValueError(
                f"RNN '{self.name}': the cell {type(cell).__name__} must define state_size "
                "(an int, or a list of ints with one entry per state)."
            )
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = unroll
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self.states = None

    # ---------------------------------------------------------------- state shapes
    @property
    def state_size(self) -> list:
        """The cell's state sizes as a list (one entry per state; nested when stacked)."""
        size = self.cell.state_size
        return [size] if isinstance(size, int) else list(size)

    def get_initial_state(self, batch_size):
        """Zero states for ``batch_size`` samples (or the cell's own initial states)."""
        make = getattr(self.cell, "get_initial_state", None)
        if make is not None:
            states = make(batch_size=batch_size)
            return list(states) if tree.is_nested(states) else [states]
        return [
            tree.map_structure(lambda d: jnp.zeros((batch_size, d), self.compute_dtype), size)
            for size in self.state_size
        ]

    # ------------------------------------------------------------------- building
    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) < 3:
            raise ValueError(
                f"RNN '{self.name}': inputs must be (batch, timesteps, features...), "
                f"received shape {sequences_shape}."
            )
        build_cell(self.cell, (sequences_shape[0], *sequences_shape[2:]))
        if self.stateful and self.states is None:
            batch = sequences_shape[0]
            if batch is None:
                raise ValueError(
                    f"RNN '{self.name}' is stateful, so its batch size must be fixed: "
                    f"received inputs of shape {sequences_shape}. Pass batch_size= to "
                    "Input (or batch_shape=), and the same batch_size to fit()."
                )
            with jax.ensure_compile_time_eval():  # concrete zeros, even inside a trace
                initial = self.get_initial_state(batch)
            self.states = tree.map_structure(
                lambda value: Variable(value, trainable=False, name="rnn_state"), initial
            )
            for variable in tree.flatten(self.states):
                variable.path = f"{self.name}/{variable.name}"
        self.built = True

    def _own_seed_states(self):
        # Stateful states travel with the layer's state like seed states do (through
        # StatelessScope in fit) without being weights (Keras does not save them).
        own = super()._own_seed_states()
        return own + (tree.flatten(self.states) if self.states is not None else [])

    def reset_state(self):
        """Set the states of a stateful RNN back to zeros."""
        if self.states is None:
            return
        for variable in tree.flatten(self.states):
            variable.assign(jnp.zeros(variable.shape, variable.dtype))

    def reset_states(self, states=None):
        """Alias of :meth:`reset_state`; ``states`` optionally gives the new values."""
        if states is None:
            return self.reset_state()
        if self.states is None:
            raise ValueError(
                f"RNN '{self.name}': reset_states(states=...) needs a stateful layer that "
                "has been built (stateful=True and a fixed batch size)."
            )
        flat, values = tree.flatten(self.states), tree.flatten(states)
        if len(values) != len(flat):
            raise ValueError(
                f"RNN '{self.name}'.reset_states: expected {len(flat)} state arrays, "
                f"received {len(values)}."
            )
        for variable, value in zip(flat, values):
            variable.assign(value)

    # ------------------------------------------------------------------------ call
    def call(self, sequences, initial_state=None, mask=None, training=False):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        mask = check_mask(mask, sequences, self.name)
        if not any(isinstance(x, jax.core.Tracer) for x in tree.flatten(
                (sequences, initial_state, mask))):
            return self._eager_call(sequences, initial_state, mask, bool(training))
        return self._call_impl(sequences, initial_state, mask, training)

    def _eager_call(self, sequences, initial_state, mask, training):
        """Eager calls run one cached ``jax.jit`` of the loop (not a fresh compile each).

        The layer's variables go in as arguments (bound with a StatelessScope inside),
        and their new values (seed and stateful states) are assigned back after.
        """
        variables = self.variables
        key = (tuple(id(v) for v in variables), training, self.return_sequences,
               self.return_state, self.go_backwards, self.zero_output_for_mask,
               self.unroll, self.stateful)
        cache = _EAGER_LOOPS.setdefault(self, {})
        if key not in cache:
            cache.clear()

            def pure(values, sequences, initial_state, mask):
                with StatelessScope(list(zip(variables, values))) as scope:
                    outputs = self._call_impl(sequences, initial_state, mask, training)
                bound = [scope.get_current_value(v) for v in variables]
                # Only the variables the call assigned come back (seed, stateful states).
                return outputs, [new if new is not old else None
                                 for new, old in zip(bound, values)]

            cache[key] = jax.jit(pure)
        initial = None if initial_state is None else tree.map_structure(
            lambda v: v.value if isinstance(v, Variable) else jnp.asarray(v), initial_state)
        outputs, values = cache[key]([v.value for v in variables], sequences, initial, mask)
        for variable, value in zip(variables, values):
            if value is not None:
                variable.assign(value)
        return outputs

    def _call_impl(self, sequences, initial_state, mask, training):
        batch = sequences.shape[0]
        template = self.get_initial_state(batch)
        if initial_state is None and self.stateful:
            initial_state = tree.map_structure(lambda v: v.value, self.states)
            self._check_stateful_batch(batch)
        flat_states = self._initial_flat_states(initial_state, template)
        self._prepare_dropout(sequences, flat_states, training)
        try:
            last_output, outputs, final_flat = self._inner_loop(
                sequences, flat_states, template, mask, training
            )
        finally:
            _reset_dropout(self.cell)
        if self.stateful:
            for variable, value in zip(tree.flatten(self.states), final_flat):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if not self.return_state:
            return output
        return [output, *tree.pack_sequence_as(template, final_flat)]

    def _inner_loop(self, sequences, flat_states, template, mask, training):
        """``(last_output, outputs, final_flat_states)``: the scan over time."""
        cell_call = self.cell.call
        kwargs = {"training": training} if _takes_training(self.cell) else {}

        def step(x_t, states):
            packed = tree.pack_sequence_as(template, states)
            output, new_states = cell_call(x_t, packed, **kwargs)
            return output, tree.flatten(new_states)

        return rnn_loop(
            step, sequences, flat_states, mask=mask, go_backwards=self.go_backwards,
            unroll=self.unroll, zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences,
            initial_output=self._initial_output(flat_states, sequences),
        )

    def _initial_output(self, flat_states, sequences):
        """What a masked leading step outputs: the last cell's first state (Keras)."""
        size = output_size_of(self.cell)
        last_cell = self.cell.cells[-1] if isinstance(self.cell, StackedRNNCells) else self.cell
        count = len(tree.flatten(getattr(last_cell, "state_size", [])))
        candidate = flat_states[len(flat_states) - count] if count else None
        if candidate is not None and candidate.shape[1:] == (size,):
            return candidate.astype(self.compute_dtype)
        return jnp.zeros((sequences.shape[0], size), self.compute_dtype)

    def _initial_flat_states(self, initial_state, template):
        flat_template = tree.flatten(template)
        if initial_state is None:
            return [jnp.asarray(s, self.compute_dtype) for s in flat_template]
        given = tree.flatten(initial_state)
        if len(given) != len(flat_template):
            raise ValueError(
                f"RNN '{self.name}': initial_state must hold {len(flat_template)} tensor(s) "
                f"(one per state of the cell, shapes "
                f"{[tuple(s.shape) for s in flat_template]}), received {len(given)}."
            )
        states = []
        for value, expected in zip(given, flat_template):
            value = jnp.asarray(value if not isinstance(value, Variable) else value.value)
            if tuple(value.shape) != tuple(expected.shape):
                raise ValueError(
                    f"RNN '{self.name}': an initial_state tensor has shape "
                    f"{tuple(value.shape)}, expected {tuple(expected.shape)} "
                    "(batch, state size)."
                )
            states.append(value.astype(self.compute_dtype))
        return states

    def _check_stateful_batch(self, batch):
        expected = tree.flatten(self.states)[0].shape[0]
        if batch != expected:
            raise ValueError(
                f"RNN '{self.name}' is stateful with batch size {expected}, received a batch "
                f"of {batch} samples. Feed batches of exactly {expected} samples (pass "
                f"batch_size={expected} to fit/predict), or build a new layer."
            )

    def _prepare_dropout(self, sequences, flat_states, training):
        """Draw the cells' dropout masks before the loop (they cannot be drawn inside)."""
        if not training:
            return
        cells = self.cell.cells if isinstance(self.cell, StackedRNNCells) else [self.cell]
        step_input = jnp.zeros((sequences.shape[0], *sequences.shape[2:]), sequences.dtype)
        position = 0
        for cell in cells:
            count = len(tree.flatten(cell.state_size))
            if isinstance(cell, DropoutRNNCell):
                if cell.dropout > 0:
                    cell.get_dropout_mask(step_input)
                if cell.recurrent_dropout > 0:
                    cell.get_recurrent_dropout_mask(jnp.zeros_like(flat_states[position]))
            position += count
            step_input = jnp.zeros((sequences.shape[0], output_size_of(cell)), sequences.dtype)

    # ----------------------------------------------------------------------- masks
    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        output_mask = None
        if self.return_sequences and mask is not None:
            output_mask = mask
            if output_mask.ndim == 3 and output_mask.shape[-1] == 1:
                output_mask = output_mask[..., 0]
            if output_mask.dtype != bool:
                output_mask = output_mask.astype(bool)
            if self.go_backwards:
                output_mask = jnp.flip(output_mask, axis=1)
        if self.return_state:
            return [output_mask] + [None] * len(self.state_size)
        return output_mask

    # ---------------------------------------------------------------------- config
    def get_config(self):
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialize_keras_object(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = deserialize_keras_object(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


def _takes_training(cell) -> bool:
    if isinstance(cell, Layer):
        return call_spec_for(type(cell)).takes_training
    import inspect

    try:
        return "training" in inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return False


def _reset_dropout(cell):
    cells = cell.cells if isinstance(cell, StackedRNNCells) else [cell]
    for c in cells:
        if isinstance(c, DropoutRNNCell):
            c.reset_dropout_mask()
            c.reset_recurrent_dropout_mask()
