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

import numpy as np

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


def is_builtin(obj) -> bool:
    """Whether ``obj`` (a class or function) was registered with :func:`register_builtin`."""
    return any(obj is entry for entry in _BUILTINS.get(getattr(obj, "__name__", ""), ()))


def _special_config(obj):
    """Keras 3's records for plain values that JSON cannot hold (None if not one)."""
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {
            "class_name": "__slice__",
            "config": {
                "start": serialize_keras_object(obj.start),
                "stop": serialize_keras_object(obj.stop),
                "step": serialize_keras_object(obj.step),
            },
        }
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, np.generic):
        return obj.item()  # numpy scalars are plain numbers, as in Keras
    if hasattr(obj, "dtype") and hasattr(obj, "tolist") and not hasattr(obj, "get_config"):
        return {
            "class_name": "__numpy__",
            "config": {"value": obj.tolist(), "dtype": str(obj.dtype)},
        }
    return None


def serialize_keras_object(obj):
    """Turn an object into the Keras 3 config schema (a JSON-compatible dict).

    Plain values pass through (tuples become lists); bytes, slices, ``...`` and arrays
    become Keras's ``__bytes__`` / ``__slice__`` / ``__ellipsis__`` / ``__numpy__``
    records; objects with ``get_config`` become ``{"module", "class_name", "config",
    "registered_name"}`` (``registered_name`` is ``None`` for built-ins and
    ``"package>Name"`` for registered classes), plus ``build_config`` and
    ``compile_config`` when the object has them; registered functions become their name.
    A Python lambda is refused: lamina never stores code.
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    special = _special_config(obj)
    if special is not None:
        return special
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
    inner = obj.get_config()
    if not isinstance(inner, dict):
        raise SerializationError(
            f"{cls.__name__}.get_config() must return a dict, it returned "
            f"{type(inner).__name__}."
        )
    if is_builtin(cls) and registered is None:
        module, registered_name = _public_module(cls), None
    else:
        module = None if cls.__module__ == "__main__" else cls.__module__
        registered_name = registered or cls.__name__
    config = {
        "module": module,
        "class_name": cls.__name__,
        "config": serialize_keras_object(inner),
        "registered_name": registered_name,
    }
    for key, getter in (("build_config", "get_build_config"),
                        ("compile_config", "get_compile_config")):
        if callable(getattr(obj, getter, None)):
            extra = getattr(obj, getter)()
            if extra is not None:
                config[key] = serialize_keras_object(extra)
    return config


def _deserialize_special(class_name, inner, custom_objects, module_objects, kind):
    """Keras 3's records for plain values (``__numpy__``, ``__bytes__``...)."""
    if class_name in ("__numpy__", "__tensor__"):
        if not isinstance(inner, dict) or "value" not in inner:
            raise SerializationError(f"Cannot deserialize {kind}: malformed {class_name} record.")
        try:
            dtype = np.dtype(inner.get("dtype"))
            if dtype.kind not in "biufc" or dtype.itemsize > 16:
                raise ValueError(f"dtype {dtype} is not a numeric dtype")
            return np.asarray(inner["value"], dtype=dtype)
        except (TypeError, ValueError) as error:
            raise SerializationError(
                f"Cannot deserialize {kind}: bad {class_name} record ({error})."
            ) from None
    if class_name == "__bytes__":
        if not isinstance(inner, dict) or not isinstance(inner.get("value"), str):
            raise SerializationError(f"Cannot deserialize {kind}: malformed __bytes__ record.")
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        if not isinstance(inner, dict):
            raise SerializationError(f"Cannot deserialize {kind}: malformed __slice__ record.")
        parts = [
            deserialize_keras_object(inner.get(k), custom_objects, module_objects, kind)
            for k in ("start", "stop", "step")
        ]
        return slice(*parts)
    if class_name == "__lambda__":
        raise SerializationError(
            f"Cannot deserialize {kind}: the config holds a Python lambda as bytecode "
            "(__lambda__). lamina never deserializes code, whatever safe_mode says. Rewrite "
            "it as a named function and pass it in custom_objects={'name': function}, or "
            "register it with @lamina.saving.register_keras_serializable()."
        )
    raise SerializationError(
        f"Cannot deserialize {kind}: {class_name!r} records are only meaningful inside a "
        "functional model's config."
    )


_SPECIAL = ("__numpy__", "__tensor__", "__bytes__", "__ellipsis__", "__slice__", "__lambda__",
            "__keras_tensor__", "__typespec__")


def deserialize_keras_object(config, custom_objects=None, module_objects=None, kind="object"):
    """Rebuild an object from :func:`serialize_keras_object` output, through the registry only.

    Classes and functions are found only among built-ins, registered objects,
    ``custom_objects`` and active :func:`custom_object_scope`\\ s; the config's
    ``module`` is never imported (it only tells apart built-ins sharing a name), and a
    serialized lambda (``__lambda__``) is always refused. ``build_config`` is applied
    with ``build_from_config``; ``compile_config`` is left to the caller (``load_model``).
    """
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        obj = get_registered_object(config, custom_objects, module_objects)
        if obj is None:
            raise _unknown(config, kind)
        return obj
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, module_objects, kind) for c in config]
    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise SerializationError(
            f"Cannot deserialize {kind}: expected a dict with 'class_name' and 'config', "
            f"received {type(config).__name__}."
        )
    class_name = config["class_name"]
    inner = config.get("config")
    if class_name in _SPECIAL:
        return _deserialize_special(class_name, inner, custom_objects, module_objects, kind)
    if class_name == "function":
        name = config.get("registered_name") or inner
        if not isinstance(name, str):
            raise SerializationError(f"Cannot deserialize {kind}: a function record needs a name.")
        obj = get_registered_object(name, custom_objects, module_objects)
        if obj is None and isinstance(inner, str) and inner != name:
            obj = get_registered_object(inner, custom_objects, module_objects)
        if obj is None:
            raise _unknown(name, kind)
        return obj
    registered = config.get("registered_name") or class_name
    if not isinstance(registered, str):
        raise SerializationError(f"Cannot deserialize {kind}: 'registered_name' must be a string.")
    module = config.get("module")
    module = module if isinstance(module, str) else None
    cls = get_registered_object(registered, custom_objects, module_objects, module)
    if cls is None and registered != class_name:
        cls = get_registered_object(class_name, custom_objects, module_objects, module)
    if cls is None:
        raise _unknown(registered, kind)
    if not inspect.isclass(cls):
        return cls
    inner = {} if inner is None else inner
    if not isinstance(inner, dict):
        raise SerializationError(
            f"Cannot deserialize {kind} {class_name!r}: its 'config' must be a dict, received "
            f"{type(inner).__name__}."
        )
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
