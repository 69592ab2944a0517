"""``StatelessScope``: binds variables to values so a model call becomes a pure function.

Inside the scope, ``variable.value`` returns the bound value and ``assign`` records the
new value in the scope instead of touching the variable. ``add_loss`` terms are
collected in the scope when ``collect_losses=True``.

>>> from lamina.core.variable import Variable
>>> import jax.numpy as jnp
>>> v = Variable(jnp.zeros(2), name="v")
>>> with StatelessScope([(v, jnp.ones(2))]) as scope:
...     _ = v.assign(v.value * 3)
>>> scope.get_current_value(v).tolist(), v.numpy().tolist()
([3.0, 3.0], [0.0, 0.0])
"""

from lamina.core import context
from lamina.core.convert import convert_to_tensor


class StatelessScope:
    """Bind ``state_mapping`` (pairs or dict of ``Variable -> value``) for a pure call."""

    def __init__(self, state_mapping=(), collect_losses=False):
        pairs = state_mapping.items() if isinstance(state_mapping, dict) else state_mapping
        self._values: dict[int, object] = {}
        self._variables: dict[int, object] = {}
        for variable, value in pairs:
            self._bind(variable, convert_to_tensor(value, dtype=variable.dtype))
        self.collect_losses = collect_losses
        self.losses: list = []  # (layer, value) pairs
        self.metrics: list = []  # (layer, name, value, aggregation) tuples
        self._token = None

    def _bind(self, variable, value):
        if tuple(value.shape) != variable.shape:
            raise ValueError(
                f"StatelessScope: value for variable {variable.path!r} has shape "
                f"{tuple(value.shape)}, expected {variable.shape}."
            )
        self._values[id(variable)] = value
        self._variables[id(variable)] = variable

    def get_current_value(self, variable):
        """The bound (or updated) value of ``variable``, or None if not bound here."""
        return self._values.get(id(variable))

    def add_update(self, variable, value):
        self._bind(variable, value)

    def add_loss(self, layer, value):
        self.losses.append((layer, value))

    def add_metric(self, layer, name, value, aggregation):
        self.metrics.append((layer, name, value, aggregation))

    def __enter__(self):
        self._token = context.push_scope(self)
        return self

    def __exit__(self, *exc):
        context.pop_scope(self._token)
        return False


def in_stateless_scope() -> bool:
    return bool(context.stateless_scopes())


def get_stateless_scope():
    scopes = context.stateless_scopes()
    return scopes[-1] if scopes else None
