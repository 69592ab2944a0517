"""``StackedRNNCells``: several recurrent cells run as one (each feeds the next).

>>> import numpy as np
>>> from lamina.layers.rnn.gru import GRUCell
>>> from lamina.layers.rnn.lstm import LSTMCell
>>> cells = StackedRNNCells([LSTMCell(3), GRUCell(2)])
>>> cells.state_size, cells.output_size
([[3, 3], 2], 2)
"""

import jax.numpy as jnp

from lamina._registry import deserialize_keras_object, register_builtin, serialize_keras_object
from lamina.layers.call_spec import call_spec_for
from lamina.layers.layer import Layer
from lamina.utils import tree


def output_size_of(cell) -> int:
    """A cell's output size: ``output_size``, else its first state size."""
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state = cell.state_size
    return tree.flatten(state)[0] if tree.is_nested(state) else state


def build_cell(cell, step_input_shape) -> None:
    """Build ``cell`` (a Layer or any object with ``build``) for one timestep's input."""
    if isinstance(cell, Layer):
        if not cell.built:
            cell.build_from_config({"input_shape": tuple(step_input_shape)})
    elif callable(getattr(cell, "build", None)) and not getattr(cell, "built", False):
        cell.build(tuple(step_input_shape))


def _takes_training(cell) -> bool:
    if isinstance(cell, Layer):
        return call_spec_for(type(cell)).takes_training
    return False


@register_builtin
class StackedRNNCells(Layer):
    """Wraps a list of RNN cells so an ``RNN`` runs them as one stacked cell.

    At each timestep the first cell reads the input, each next cell reads the output of
    the previous one; the states are one entry per cell (a list for multi-state cells).

    Args:
        cells: list of RNN cells.

    >>> import numpy as np
    >>> from lamina.layers.rnn.rnn import RNN
    >>> from lamina.layers.rnn.simple_rnn import SimpleRNNCell
    >>> RNN(StackedRNNCells([SimpleRNNCell(4), SimpleRNNCell(2)]))(np.ones((1, 3, 5))).shape
    (1, 2)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)) or not cells:
            raise ValueError(
                f"StackedRNNCells '{self.name}': cells must be a non-empty list of RNN cells, "
                f"received {cells!r}."
            )
        for cell in cells:
            if not callable(getattr(cell, "call", None)) or getattr(
                cell, "state_size", None
            ) is None:
                raise ValueError(
                    f"StackedRNNCells '{self.name}': every cell needs a call(inputs, states) "
                    f"method and a state_size, received {cell!r}."
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        return output_size_of(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
            else:
                states.append(tree.map_structure(
                    lambda d: jnp.zeros((batch_size, d), self.compute_dtype), cell.state_size
                ))
        return states

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            build_cell(cell, shape)
            shape = (shape[0], output_size_of(cell))
        self.built = True

    def call(self, inputs, states=None, training=False):
        if states is None:
            states = self.get_initial_state(inputs.shape[0])
        if len(states) != len(self.cells):
            raise ValueError(
                f"StackedRNNCells '{self.name}': expected one state entry per cell "
                f"({len(self.cells)}), received {len(states)}."
            )
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = tree.is_nested(cell_states)
            cell_states = list(cell_states) if was_list else [cell_states]
            kwargs = {"training": training} if _takes_training(cell) else {}
            inputs, cell_new = cell.call(inputs, cell_states, **kwargs)
            cell_new = list(cell_new) if tree.is_nested(cell_new) else [cell_new]
            new_states.append(cell_new if was_list or len(cell_new) > 1 else cell_new[0])
        return inputs, new_states

    def get_config(self):
        return {
            **super().get_config(),
            "cells": [serialize_keras_object(cell) for cell in self.cells],
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [
            deserialize_keras_object(c, custom_objects=custom_objects)
            for c in config.pop("cells")
        ]
        return cls(cells, **config)
