"""All mutable global state of lamina, held in ContextVars, and ``clear_session``.

Holds: the active StatelessScope stack, the layer call context (training flag,
outermost layer), the eager mask side table, and the global seed state. Nothing else in
lamina keeps module-level mutable state (besides names and settings of rung 1).
"""

import contextvars
import dataclasses
import weakref

_SCOPES: contextvars.ContextVar[tuple] = contextvars.ContextVar("lamina_scopes", default=())
_CALL_CONTEXT: contextvars.ContextVar = contextvars.ContextVar("lamina_call", default=None)
# During shape inference: the stand-in size given to unknown (None) dimensions, else 0.
_SYMBOLIC_TRACE: contextvars.ContextVar[int] = contextvars.ContextVar(
    "lamina_symbolic_trace", default=0
)
_BATCH_VALIDITY: contextvars.ContextVar = contextvars.ContextVar("lamina_batch_valid", default=None)
# Inside the call of a mixed-precision layer: the dtype its float variables are read in.
_AUTOCAST_DTYPE: contextvars.ContextVar = contextvars.ContextVar("lamina_autocast", default=None)

# id(array) -> (weakref(array), mask, origin). Entries die with their array.
MASK_TABLE: dict[int, tuple] = {}
# The global seed state used by ``SeedGenerator(seed=None)`` and ``random.*(seed=None)``.
SEED_STATE: dict = {"generator": None, "python_rng": None}


@dataclasses.dataclass
class CallContext:
    """The state of one outermost layer call: who entered it and its training flag."""

    entry_layer: object
    training: object = None
    # add_metric names seen in this outermost call (one name may be used once per pass).
    metric_names: set = dataclasses.field(default_factory=set)


def autocast_dtype():
    """The dtype float variables are read in by the layer being called (None: their own)."""
    return _AUTOCAST_DTYPE.get()


def set_autocast_dtype(dtype):
    """Enter a layer call's autocast dtype (None: none); returns the token to reset it."""
    return _AUTOCAST_DTYPE.set(dtype)


def reset_autocast_dtype(token):
    _AUTOCAST_DTYPE.reset(token)


def stateless_scopes() -> tuple:
    return _SCOPES.get()


def push_scope(scope):
    return _SCOPES.set(_SCOPES.get() + (scope,))


def pop_scope(token) -> None:
    _SCOPES.reset(token)


def call_context():
    return _CALL_CONTEXT.get()


def enter_call_context(ctx):
    return _CALL_CONTEXT.set(ctx)


def exit_call_context(token) -> None:
    _CALL_CONTEXT.reset(token)


def in_symbolic_trace() -> bool:
    """True while a layer is being traced for shape inference (``jax.eval_shape``)."""
    return bool(_SYMBOLIC_TRACE.get())


def symbolic_stand_in() -> int:
    """The size standing in for unknown dimensions in the current shape trace (0 if none)."""
    return _SYMBOLIC_TRACE.get()


def set_symbolic_trace(stand_in: int):
    return _SYMBOLIC_TRACE.set(int(stand_in))


def reset_symbolic_trace(token) -> None:
    _SYMBOLIC_TRACE.reset(token)


def batch_validity():
    """Per-row validity (bool vector) of a padded batch inside ``fit``, else None.

    The trainer pads a ragged last batch to the full batch size so that no step
    compiles twice; layers that compute batch statistics (BatchNormalization) use this
    to exclude the padding rows.
    """
    return _BATCH_VALIDITY.get()


def set_batch_validity(value):
    return _BATCH_VALIDITY.set(value)


def reset_batch_validity(token) -> None:
    _BATCH_VALIDITY.reset(token)


def remember_mask(array, mask, origin) -> None:
    key = id(array)

    def _forget(_ref, key=key, table=MASK_TABLE):
        table.pop(key, None)

    MASK_TABLE[key] = (weakref.ref(array, _forget), mask, origin)


def recall_mask(array):
    entry = MASK_TABLE.get(id(array))
    if entry is None or entry[0]() is not array:
        return None, None
    return entry[1], entry[2]


def clear_session() -> None:
    """Reset names, masks, and the global seed state (Keras ``clear_session``)."""
    from lamina.utils import naming

    naming.reset_names()
    MASK_TABLE.clear()
    SEED_STATE["generator"] = None
