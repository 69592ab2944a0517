"""What a layer's ``call`` signature accepts: mask / per-argument masks / training."""

import functools
import inspect


class CallSpec:
    """Parsed signature of ``call``: argument names, mask and training parameters."""

    def __init__(self, call_fn):
        signature = inspect.signature(call_fn)
        params = list(signature.parameters.values())
        if params and params[0].name == "self":
            params = params[1:]
        self.positional = [
            p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        self.names = {p.name for p in params}
        self.first_name = self.positional[0] if self.positional else None
        self.takes_mask = "mask" in self.names
        self.takes_training = "training" in self.names
        self.training_default = (
            signature.parameters["training"].default if self.takes_training else None
        )
        if self.training_default is inspect.Parameter.empty:
            self.training_default = None
        # ``query_mask`` for a ``query`` argument (attention layers).
        self.arg_mask_params = {
            name: f"{name}_mask" for name in self.positional if f"{name}_mask" in self.names
        }

    def bind_tensor_args(self, args, kwargs) -> dict:
        """Map the call's tensor-like arguments to their parameter names."""
        bound = {}
        for name, value in zip(self.positional, args):
            bound[name] = value
        for name, value in kwargs.items():
            if name in self.positional and name not in bound:
                bound[name] = value
        return bound


@functools.cache
def call_spec_for(cls) -> CallSpec:
    return CallSpec(cls.call)


def overrides(instance, method_name: str, base) -> bool:
    """True when ``instance``'s class overrides ``base.method_name``."""
    return getattr(type(instance), method_name) is not getattr(base, method_name)


@functools.cache
def build_params_for(cls) -> frozenset:
    """Parameter names of ``cls.build`` (for ``build(query_shape, value_shape)`` forms)."""
    return frozenset(inspect.signature(cls.build).parameters)
