"""Serialization registry: the only way a name in a config becomes a class.

Built-in classes register themselves with :func:`register_builtin`; user classes with
``@register_keras_serializable(package, name)``; a load may add ``custom_objects``.
Nothing here imports a module named in a config, so deserializing never runs code that
was not already imported by the program.

>>> @register_keras_serializable(package="demo")
... class Thing:
...     def __init__(self, size=1): self.size = size
...     def get_config(self): return {"size": self.size}
>>> deserialize_keras_object(serialize_keras_object(Thing(3))).size
3
"""

import contextlib
import difflib
import inspect

_BUILTINS: dict[str, list] = {}  # "ClassName" -> objects registered under it (any package)
_CUSTOM: dict[str, object] = {}  # "package>Name" -> object
_CUSTOM_NAMES: dict[int, str] = {}  # id(object) -> "package>Name"
_SCOPES: list[dict] = []


class SerializationError(ValueError):
    """A config names something lamina cannot (or will not) rebuild."""


def register_builtin(obj=None, *, names=()):
    """Register a built-in class or function under its ``__name__`` (plus aliases)."""

    def decorate(target):
        for name in (target.__name__, *names):
            entries = _BUILTINS.setdefault(name, [])
            if target not in entries:
                entries.append(target)
        return target

    return decorate(obj) if obj is not None else decorate


def register_keras_serializable(package="Custom", name=None):
    """Register a user class/function so saved configs can name it.

    The registered name is ``"package>name"`` (name defaults to the class name).
    """

    def decorate(target):
        registered = f"{package}>{name or target.__name__}"
        if inspect.isclass(target) and not hasattr(target, "get_config"):
            raise SerializationError(
                f"register_keras_serializable: class {target.__name__} must define "
                "get_config() to be serializable."
            )
        _CUSTOM[registered] = target
        _CUSTOM_NAMES[id(target)] = registered
        return target

    return decorate


def get_custom_objects() -> dict:
    """The live dict of user-registered objects (``"package>Name"`` -> object)."""
    return _CUSTOM


def get_registered_name(obj) -> str:
    """The name ``obj`` is saved under: ``"package>Name"`` for user objects."""
    return _CUSTOM_NAMES.get(id(obj), getattr(obj, "__name__", type(obj).__name__))


@contextlib.contextmanager
def custom_object_scope(custom_objects: dict):
    """Make ``custom_objects`` resolvable by name inside the ``with`` block."""
    _SCOPES.append(dict(custom_objects or {}))
    try:
        yield
    finally:
        _SCOPES.pop()


CustomObjectScope = custom_object_scope


def _category(module) -> str:
    """``"keras.layers"`` / ``"lamina.layers.core.dense"`` -> ``"layers"``."""
    parts = str(module or "").split(".")
    return parts[1] if len(parts) > 1 else ""


def _public_module(cls) -> str:
    """The shortest ``lamina.x[.y]`` namespace that exports ``cls`` (``"lamina.layers"``)."""
    import sys

    parts = cls.__module__.split(".")
    for end in range(2, len(parts) + 1):
        module = sys.modules.get(".".join(parts[:end]))
        if module is not None and getattr(module, cls.__name__, None) is cls:
            return ".".join(parts[:end])
    return cls.__module__


def get_registered_object(
    name: str, custom_objects: dict | None = None, module_objects=None, module=None
):
    """Resolve ``name`` through custom_objects, scopes, user registry, then built-ins.

    Built-ins of different packages may share a class name (the ``Identity`` layer and
    initializer); ``module`` (a config's ``"module"``) picks the package.
    """
    for table in (custom_objects or {}, *reversed(_SCOPES), _CUSTOM, module_objects or {}):
        if name in table:
            return table[name]
    short = name.split(">")[-1]
    for table in (custom_objects or {}, *reversed(_SCOPES)):
        if short in table:
            return table[short]
    candidates = _BUILTINS.get(name, [])
    if len(candidates) > 1 and module:
        wanted = _category(module)
        for candidate in candidates:
            if _category(getattr(candidate, "__module__", "")) == wanted:
                return candidate
    return candidates[-1] if candidates else None


def _unknown(name: str, kind: str = "object"):
    candidates = list(_BUILTINS) + list(_CUSTOM)
    near = difflib.get_close_matches(name, candidates, n=5)
    hint = f" Nearest registered names: {', '.join(near)}." if near else ""
    return SerializationError(
        f"Unknown {kind} {name!r}: it is neither built in nor registered.{hint} Register "
        "it with @lamina.saving.register_keras_serializable() or pass it in "
        "custom_objects={...}."
    )


def serialize_keras_object(obj):
    """Turn an object into the Keras 3 config schema (a JSON-compatible dict).

    Plain values pass through; objects with ``get_config`` become
    ``{"module", "class_name", "config", "registered_name"}``; registered functions
    become their name.
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if hasattr(obj, "dtype") and hasattr(obj, "tolist") and not hasattr(obj, "get_config"):
        return {
            "class_name": "__numpy__",
            "config": {"value": obj.tolist(), "dtype": str(obj.dtype)},
        }
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        if obj.__name__ == "<lambda>":
            raise SerializationError(
                "Cannot serialize a Python lambda: lamina never stores code in a config. "
                "Use a named function registered with @register_keras_serializable."
            )
        return get_registered_name(obj)
    if not hasattr(obj, "get_config"):
        raise SerializationError(
            f"Cannot serialize {obj!r} of type {type(obj).__name__}: it has no get_config()."
        )
    cls = type(obj)
    registered = _CUSTOM_NAMES.get(id(cls))
    config = {
        "module": _public_module(cls) if registered is None else None,
        "class_name": cls.__name__,
        "config": obj.get_config(),
        "registered_name": registered or cls.__name__,
    }
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            config["build_config"] = build_config
    return config


def deserialize_keras_object(config, custom_objects=None, module_objects=None, kind="object"):
    """Rebuild an object from :func:`serialize_keras_object` output, through the registry only."""
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        obj = get_registered_object(config, custom_objects, module_objects)
        if obj is None:
            raise _unknown(config, kind)
        return obj
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, module_objects, kind) for c in config]
    if not isinstance(config, dict) or "class_name" not in config:
        raise SerializationError(
            f"Cannot deserialize {kind}: expected a dict with 'class_name' and 'config', "
            f"received {type(config).__name__}."
        )
    class_name = config["class_name"]
    if class_name == "__numpy__":
        import numpy as np

        return np.asarray(config["config"]["value"], dtype=config["config"]["dtype"])
    registered = config.get("registered_name") or class_name
    module = config.get("module")
    cls = get_registered_object(registered, custom_objects, module_objects, module)
    if cls is None and registered != class_name:
        cls = get_registered_object(class_name, custom_objects, module_objects, module)
    if cls is None:
        raise _unknown(registered, kind)
    inner = config.get("config", {})
    if not inspect.isclass(cls):
        return cls
    if hasattr(cls, "from_config"):
        obj = (
            cls.from_config(inner)
            if not _takes_custom_objects(cls.from_config)
            else (cls.from_config(inner, custom_objects=custom_objects))
        )
    else:
        obj = cls(**inner)
    build_config = config.get("build_config")
    if build_config is not None and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj


def _takes_custom_objects(fn) -> bool:
    try:
        return "custom_objects" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
