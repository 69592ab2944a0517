"""``Variable``: a named, mutable array whose reads and writes go through scopes.

Outside any scope, ``value`` is the stored array and ``assign`` replaces it. Inside a
:class:`~lamina.core.scopes.StatelessScope`, reads return the value bound by the scope
and writes are recorded in the scope, so the same layer code runs as a pure function
under ``jax.jit`` / ``jax.grad``.

>>> v = Variable(lambda shape, dtype: jnp.zeros(shape, dtype), shape=(2,), name="w")
>>> _ = v.assign_add([1.0, 2.0])
>>> v.numpy().tolist()
[1.0, 2.0]
"""

import jax
import jax.numpy as jnp
import numpy as np

from lamina.core import context
from lamina.core.convert import convert_to_tensor, standardize_dtype
from lamina.utils import naming


class VariableError(ValueError):
    """A variable was used in a way that would lose or corrupt its value."""


class Variable:
    """A mutable array with a name, a path, a dtype and a ``trainable`` flag.

    Args:
        initializer: an array-like initial value, or a callable ``(shape, dtype)``.
        shape: required when ``initializer`` is callable.
        dtype: defaults to ``config.floatx()`` for callables, else the value's dtype.
        trainable: whether optimizers update it.
        name: short name; ``path`` adds the owning layer's path (``"dense/kernel"``).
    """

    __hash__ = object.__hash__

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        name=None,
        aggregation="none",
        synchronization="auto",
        autocast=True,
        regularizer=None,
        constraint=None,
    ):
        self.name = name or naming.uniquify("variable")
        self.path = self.name
        self.trainable = bool(trainable)
        self.aggregation = aggregation
        self.synchronization = synchronization
        self.autocast = autocast
        self.regularizer = regularizer
        self.constraint = constraint
        # Initial values are computed eagerly, even when a layer is built lazily inside
        # a jit trace, so a Variable never stores a tracer.
        with jax.ensure_compile_time_eval():
            if callable(initializer):
                if shape is None:
                    raise VariableError(
                        f"Variable {self.name!r}: a callable initializer needs shape=."
                    )
                dtype = standardize_dtype(dtype)
                value = initializer(tuple(shape), dtype)
            else:
                value = initializer
            value = convert_to_tensor(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise VariableError(
                f"Variable {self.name!r}: initial value has shape {tuple(value.shape)}, "
                f"expected {tuple(shape)}."
            )
        self._check_not_tracer(value, "be created from")
        self._value = value

    # -- reading -------------------------------------------------------------------
    @property
    def value(self):
        """The current value: the one bound by the innermost StatelessScope, else the
        stored one; inside the call of a mixed-precision layer, a float variable with
        ``autocast=True`` is read cast to the layer's compute dtype."""
        value = self._stored_value()
        cast_to = context.autocast_dtype()
        if cast_to is not None and self.autocast and value.dtype != cast_to and (
                jnp.issubdtype(value.dtype, jnp.floating)):
            value = value.astype(cast_to)
        return value

    def _stored_value(self):
        """The value in the variable's own dtype (StatelessScope-aware, never autocast)."""
        for scope in reversed(context.stateless_scopes()):
            bound = scope.get_current_value(self)
            if bound is not None:
                return bound
        return self._value

    def _lamina_value(self):
        return self.value

    def numpy(self):
        return np.asarray(self.value)

    @property
    def shape(self):
        return tuple(self._value.shape)

    @property
    def dtype(self) -> str:
        return standardize_dtype(self._value.dtype)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.value, dtype=dtype)

    def __len__(self):
        return self.shape[0]

    def __repr__(self):
        return f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype}>"

    # -- writing -------------------------------------------------------------------
    def assign(self, value):
        """Set a new value (recorded in the active StatelessScope, if any)."""
        value = convert_to_tensor(value, dtype=self.dtype)
        if tuple(value.shape) != self.shape:
            raise VariableError(
                f"Variable {self.path!r}: cannot assign a value of shape "
                f"{tuple(value.shape)} to a variable of shape {self.shape}."
            )
        scopes = context.stateless_scopes()
        if scopes:
            scopes[-1].add_update(self, value)
        else:
            self._check_not_tracer(value, "be assigned")
            self._value = value
        return value

    def assign_add(self, delta):
        return self.assign(self._stored_value() + convert_to_tensor(delta, dtype=self.dtype))

    def assign_sub(self, delta):
        return self.assign(self._stored_value() - convert_to_tensor(delta, dtype=self.dtype))

    def _check_not_tracer(self, value, verb):
        if isinstance(value, jax.core.Tracer):
            raise VariableError(
                f"Variable {self.path!r} cannot {verb} a traced value outside a "
                "StatelessScope: inside jax.jit/grad, call the layer through "
                "layer.stateless_call(...) (or model.stateless_call) so updates are "
                "returned instead of stored."
            )

    # -- arithmetic: a Variable behaves like its value --------------------------------
    def __getitem__(self, idx):
        return self.value[idx]

    def astype(self, dtype):
        return self.value.astype(standardize_dtype(dtype))

    def __neg__(self):
        return -self.value

    def __pos__(self):
        return self.value

    def __abs__(self):
        return jnp.abs(self.value)

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        return float(self.value)

    def __int__(self):
        return int(self.value)


def _binary(name):
    def forward(self, other):
        return getattr(self.value, name)(convert_to_tensor(other))

    forward.__name__ = name
    return forward


for _name in (
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "matmul",
    "and",
    "or",
    "xor",
):
    setattr(Variable, f"__{_name}__", _binary(f"__{_name}__"))
    setattr(Variable, f"__r{_name}__", _binary(f"__r{_name}__"))
for _name in ("lt", "le", "gt", "ge", "eq", "ne"):
    setattr(Variable, f"__{_name}__", _binary(f"__{_name}__"))
