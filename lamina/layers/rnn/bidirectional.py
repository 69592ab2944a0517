"""``Bidirectional``: run a recurrent layer forwards and a copy backwards, then merge.

>>> import numpy as np
>>> from lamina.layers.rnn.lstm import LSTM
>>> layer = Bidirectional(LSTM(3, return_sequences=True))
>>> layer(np.ones((2, 5, 4))).shape
(2, 5, 6)
"""

import copy

import jax.numpy as jnp

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.layer import Layer

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _renamed_copy(layer, prefix, go_backwards=None):
    config = serialize_keras_object(layer)
    config["config"]["name"] = f"{prefix}_{layer.name.removeprefix(prefix + '_')}"
    if go_backwards is not None:
        config["config"]["go_backwards"] = go_backwards
    return deserialize_keras_object(config)


@register_builtin
class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs (Keras 3 semantics and weight order).

    The forward layer is a copy of ``layer`` (named ``forward_<name>``); the backward
    layer is ``backward_layer`` or a copy with ``go_backwards`` flipped (named
    ``backward_<name>``). The backward layer reads the sequence, and its mask, from the
    last step to the first; its sequence output is flipped back so both directions line
    up in time before merging. Weights: forward layer's, then backward layer's.

    Args:
        layer: an ``RNN`` instance (``LSTM``, ``GRU``...).
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"``, or None
            (the two outputs are returned as a list).
        backward_layer: optional ``RNN`` for the backward direction; it must have the
            opposite ``go_backwards`` and the same ``return_sequences``,
            ``return_state`` and ``stateful``.
        weights: optional initial weights (forward then backward), set when built.

    ``initial_state``: forward states then backward states. With ``return_state`` the
    outputs are ``[merged, *forward_states, *backward_states]``.

    Masks: passed to both directions (each consumes it). As Keras, with
    ``return_sequences`` both directions output zeros at masked steps
    (``zero_output_for_mask``) and the output keeps the input mask (a pair with
    ``merge_mode=None``); otherwise the mask ends here.

    >>> import numpy as np
    >>> from lamina.layers.rnn.gru import GRU
    >>> Bidirectional(GRU(2), merge_mode="sum")(np.ones((1, 3, 4))).shape
    (1, 2)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Bidirectional: layer must be a recurrent Layer instance (e.g. LSTM(8)), "
                f"received {layer!r}."
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "Bidirectional: backward_layer must be a Layer instance or None, received "
                f"{backward_layer!r}."
            )
        if merge_mode not in MERGE_MODES:
            raise ValueError(
                f"Bidirectional: merge_mode must be one of {MERGE_MODES}, received "
                f"merge_mode={merge_mode!r}."
            )
        super().__init__(**kwargs)
        self.forward_layer = _renamed_copy(layer, "forward")
        if backward_layer is None:
            self.backward_layer = _renamed_copy(
                layer, "backward", go_backwards=not layer.go_backwards
            )
        else:
            self.backward_layer = backward_layer
        self._check_pair()
        for sub in (self.forward_layer, self.backward_layer):
            if hasattr(sub, "zero_output_for_mask"):
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = weights
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _check_pair(self):
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Bidirectional '{self.name}': the forward and backward layers must have "
                f"opposite go_backwards, received {forward.go_backwards} for both."
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            a, b = getattr(forward, attribute), getattr(backward, attribute)
            if a != b:
                raise ValueError(
                    f"Bidirectional '{self.name}': the forward and backward layers must have "
                    f"the same {attribute}, received {a} (forward) and {b} (backward)."
                )

    def build(self, sequences_shape, initial_state_shape=None):
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                sub.build_from_config({"input_shape": tuple(sequences_shape)})
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None
        self.built = True

    def call(self, sequences, initial_state=None, mask=None, training=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        forward_state = backward_state = None
        if initial_state is not None:
            states = list(initial_state)
            if len(states) % 2:
                raise ValueError(
                    f"Bidirectional '{self.name}': initial_state must hold the forward "
                    "states then the backward states (an even count), received "
                    f"{len(states)} tensor(s)."
                )
            half = len(states) // 2
            forward_state, backward_state = states[:half], states[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, mask=mask,
                               training=training)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, mask=mask,
                                    training=training)
        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = jnp.flip(y_rev, axis=1)
        if self.merge_mode == "concat":
            output = jnp.concatenate([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            heads = output if self.merge_mode is None else [output]
            return [*heads, *states]
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        heads = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            count = len(self.forward_layer.state_size) + len(self.backward_layer.state_size)
            return heads + [None] * count
        return heads if self.merge_mode is None else heads[0]

    @property
    def states(self):
        forward, backward = self.forward_layer.states, self.backward_layer.states
        if forward is None or backward is None:
            return None
        return [*forward, *backward]

    def reset_state(self):
        """Reset both directions' states (stateful layers only)."""
        if not self.stateful:
            raise AttributeError(
                f"Bidirectional '{self.name}': reset_state() needs a stateful layer "
                "(stateful=True)."
            )
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self):
        """Alias of :meth:`reset_state`."""
        self.reset_state()

    def get_config(self):
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialize_keras_object(self.forward_layer),
            "backward_layer": serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = copy.deepcopy(config)
        config["layer"] = deserialize_keras_object(config["layer"],
                                                   custom_objects=custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize_keras_object(
                backward, custom_objects=custom_objects
            )
        return cls(**config)
