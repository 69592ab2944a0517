"""Errors of ``lamina.saving``: one :class:`LoadError` family for every bad file.

Loading a malformed, truncated or hostile file raises a subclass of :class:`LoadError`
that says what was wrong, never a raw ``KeyError``, ``RecursionError`` or
``MemoryError``. ``LoadError`` is a ``ValueError``, as the errors Keras raises are.

>>> try:
...     raise UnsafeFileError("config.json names a lambda")
... except LoadError as error:
...     print(type(error).__name__, "-", error)
UnsafeFileError - config.json names a lambda
"""

from lamina._registry import SerializationError


class LoadError(ValueError):
    """A file could not be loaded; the message gives the reason and the fix."""


class ArchiveError(LoadError):
    """The file is not a well-formed archive of the expected layout (bad zip, bad names)."""


class UnsafeFileError(LoadError):
    """The file asks for something lamina never does: run code, leave the archive, follow
    links, or read data stored outside the file."""


class LimitError(LoadError):
    """A declared or actual size is over a limit (config, tensor, entry, compression ratio)."""


class IntegrityError(LoadError):
    """The bytes are not what the file declares: hash mismatch, truncation, bad offsets."""


class ConfigError(LoadError, SerializationError):
    """The config cannot be rebuilt into objects (unknown class, bad structure or values)."""


class WeightsMismatchError(LoadError):
    """Stored weights do not fit the model (missing, extra, or a different shape)."""


class SaveError(SerializationError):
    """The model cannot be saved faithfully (its config would not rebuild it)."""
