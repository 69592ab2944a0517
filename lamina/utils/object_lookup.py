"""``ObjectLookup``: the shared ``get`` / ``serialize`` / ``deserialize`` of a family.

Initializers, regularizers and constraints resolve names the same way: a table of
built-in names (class names, snake_case forms, Keras aliases), then the registry and
``custom_objects``; a class gives an instance, a callable passes through.

>>> class Half:
...     def __call__(self, x): return x / 2
...     def get_config(self): return {}
>>> lookup = ObjectLookup("scaler", {"Half": Half}, example="'half'")
>>> type(lookup.get("Half")).__name__
'Half'
"""

import inspect

from lamina._registry import (
    SerializationError,
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)


class ObjectLookup:
    """Name resolution for one family of objects (``kind`` is used in messages)."""

    def __init__(self, kind: str, table: dict, example: str):
        self.kind = kind
        self.table = table
        self.example = example

    def unknown(self, name):
        return SerializationError(
            f"Unknown {self.kind} {name!r}. Built-in {self.kind}s are: "
            f"{', '.join(sorted(self.table))}. For a custom {self.kind}, register it with "
            "@lamina.saving.register_keras_serializable() or pass it in custom_objects={...}."
        )

    def serialize(self, obj):
        return serialize_keras_object(obj)

    def deserialize(self, config, custom_objects=None):
        if isinstance(config, str):
            config = {"class_name": config, "config": {}}
        if not isinstance(config, dict) or "class_name" not in config:
            raise SerializationError(
                f"{self.kind}s.deserialize: expected a name or a dict with 'class_name' and "
                f"'config', received {config!r}."
            )
        name = config.get("registered_name") or config["class_name"]
        if all(get_registered_object(n, custom_objects, self.table) is None
               for n in (name, config["class_name"])):
            raise self.unknown(name)
        obj = deserialize_keras_object(config, custom_objects, module_objects=self.table,
                                       kind=self.kind)
        return obj() if inspect.isclass(obj) else obj

    def get(self, identifier, extra_kinds=""):
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier)
        if inspect.isclass(identifier):
            return identifier()
        if callable(identifier):
            return identifier
        raise ValueError(
            f"{self.kind}s.get: could not interpret {identifier!r} (type "
            f"{type(identifier).__name__}) as a {self.kind}. Expected None, a name such as "
            f"{self.example}, a config dict, an instance or class, a callable{extra_kinds}."
        )
