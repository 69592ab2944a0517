"""``TrainState``: every array a step reads or writes, and its link to the Variables.

During ``fit`` the state lives as device arrays (donated to each jitted step); the
Variables are written back at epoch end and whenever a callback reads ``model``.
Variables assigned from outside (a callback setting the learning rate) are detected by
identity and pushed back into the state before the next step, so no recompile is
needed and no update is lost.
"""

from typing import NamedTuple

import jax.numpy as jnp


class TrainState(NamedTuple):
    """Arrays of the trainable, non-trainable, optimizer and metric variables."""

    trainable: list
    non_trainable: list
    optimizer: list
    metrics: list


class StateLayout:
    """The Variables behind each field of a TrainState, in a fixed order."""

    def __init__(self, trainable, non_trainable, optimizer, metrics):
        self.fields = TrainState(
            list(trainable), list(non_trainable), list(optimizer), list(metrics)
        )
        self._seen = None

    def collect(self) -> TrainState:
        """Copies of the variables' values (copies: the step donates its input)."""
        self._seen = [[v._value for v in group] for group in self.fields]
        return TrainState(*[[jnp.copy(v._value) for v in group] for group in self.fields])

    def write_back(self, state: TrainState) -> None:
        """Assign copies of the state's arrays to the Variables."""
        for group, values in zip(self.fields, state):
            for variable, value in zip(group, values):
                variable._value = jnp.copy(value)
        self._seen = [[v._value for v in group] for group in self.fields]

    def absorb_outside_changes(self, state: TrainState) -> TrainState:
        """Take into ``state`` every Variable that was assigned since the last sync."""
        if self._seen is None:
            return state
        new_groups = []
        changed = False
        for group, values, seen in zip(self.fields, state, self._seen):
            values = list(values)
            for i, (variable, before) in enumerate(zip(group, seen)):
                if variable._value is not before:
                    values[i] = jnp.copy(variable._value)
                    seen[i] = variable._value
                    changed = True
            new_groups.append(values)
        return TrainState(*new_groups) if changed else state
