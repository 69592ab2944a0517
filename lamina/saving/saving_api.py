"""``save_model`` / ``load_model`` / ``save_weights`` / ``load_weights``.

A ``.keras`` file written by lamina is a zip of three entries: ``metadata.json``
(lamina version, format version, the SHA-256 of each other entry), ``config.json`` (the
Keras 3 config schema, with ``build_config`` and ``compile_config``) and
``model.weights.safetensors`` (the model's variables at their Keras paths, the
optimizer's, the seed generators' and the compiled metrics'). A ``.keras`` file written
by Keras 3 (``model.weights.h5`` inside) loads the same way. Every save is atomic (see
:func:`lamina.saving.archive.atomic_write`).

Loading is always safe: classes come only from the registry, ``custom_objects`` and
custom-object scopes; no module named in the file is imported and no code is
deserialized. ``safe_mode`` is accepted for Keras compatibility, but ``safe_mode=False``
does **not** enable loading lambdas or any other code: pass the function in
``custom_objects`` instead. Any malformed or hostile file raises a
:class:`~lamina.saving.errors.LoadError` subclass.

>>> import os, tempfile, numpy as np, lamina
>>> model = lamina.Sequential([lamina.Input((3,)), lamina.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
>>> save_model(model, path)
>>> restored = load_model(path)
>>> x = np.ones((1, 3), "float32")
>>> bool((restored.predict(x, verbose=0) == model.predict(x, verbose=0)).all())
True
"""

import datetime
import json
import os

from lamina._registry import custom_object_scope
from lamina.layers.layer import Layer
from lamina.models.model import Model
from lamina.saving import archive, h5_io, object_state, safetensors_io
from lamina.saving.errors import ArchiveError, ConfigError, LoadError
from lamina.saving.model_config import compile_from_config, model_to_config
from lamina.version import __version__

FORMAT = "lamina"
FORMAT_VERSION = 1
CONFIG = "config.json"
SAFETENSORS = "model.weights.safetensors"
H5 = "model.weights.h5"
_ENTRIES = {CONFIG, SAFETENSORS, H5}


def _path(filepath) -> str:
    try:
        return os.fspath(filepath)
    except TypeError:
        raise TypeError(
            f"Expected a file path (str or os.PathLike), received {type(filepath).__name__}."
        ) from None


def _metadata() -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lamina_version": __version__,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }


def _weights_bytes(model) -> bytes:
    tensors, names = object_state.flat_state(model)
    metadata = {"format": FORMAT, "format_version": FORMAT_VERSION, "names": json.dumps(names)}
    return safetensors_io.dump(tensors, metadata, digest=True)


# ------------------------------------------------------------------------------- saving
def save_model(model, filepath, overwrite=True, **kwargs):
    """Save ``model`` (config, weights, optimizer and compile state) to a ``.keras`` file.

    Raises :class:`~lamina.saving.errors.SaveError` when the config would not rebuild the
    model faithfully (naming the class and argument), before touching ``filepath``.
    """
    filepath = _path(filepath)
    if kwargs.pop("zipped", True) is False or not filepath.endswith(".keras"):
        raise ValueError(
            f"save_model: expected a path ending in '.keras', received {filepath!r}. For "
            "weights only, use save_weights('....weights.safetensors' or '....weights.h5')."
        )
    if kwargs:
        raise TypeError(f"save_model: unexpected argument(s) {sorted(kwargs)}.")
    if not isinstance(model, Layer):
        raise TypeError(f"save_model: expected a lamina Model, received {type(model).__name__}.")
    config = model_to_config(model)
    entries = {CONFIG: json.dumps(config).encode("utf-8"), SAFETENSORS: _weights_bytes(model)}
    archive.atomic_write(filepath, archive.build_archive(entries, _metadata()), overwrite)


def save_weights(model, filepath, overwrite=True, max_shard_size=None):
    """Save the weights (and optimizer state): ``.weights.safetensors`` (native) or
    ``.weights.h5`` (Keras 3's layout, needs ``h5py``)."""
    filepath = _path(filepath)
    if max_shard_size is not None:
        raise ValueError("save_weights: sharding (max_shard_size) is not supported by lamina.")
    if not model.built:
        raise ValueError(
            f"save_weights: model '{model.name}' is not built, so it has no weights yet. Call "
            "it on data or call build(input_shape) first."
        )
    if filepath.endswith(".weights.h5"):
        groups = [
            (path, name, [v.numpy() for v in variables])
            for path, name, variables in object_state.keras_groups(model)
        ]
        data = h5_io.write_h5(groups)
    elif filepath.endswith(".weights.safetensors"):
        data = _weights_bytes(model)
    else:
        raise ValueError(
            f"save_weights: the filename must end in '.weights.safetensors' or "
            f"'.weights.h5', received {filepath!r}."
        )
    archive.atomic_write(filepath, data, overwrite)


# ------------------------------------------------------------------------------ loading
def _read_keras_archive(filepath):
    """``(config dict, weights store)`` of a ``.keras`` file, all checks done."""
    limits = archive.DEFAULT_LIMITS
    entries = archive.read_archive(filepath, _ENTRIES, limits)
    metadata = {}
    if archive.METADATA in entries:
        metadata = archive.parse_json(
            entries[archive.METADATA], "metadata.json", limits.max_json_bytes
        )
        if not isinstance(metadata, dict):
            raise ArchiveError("metadata.json must hold a JSON object.")
    if metadata.get("format") == FORMAT:
        version = metadata.get("format_version")
        if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
            raise ArchiveError(
                f"{filepath!r} has lamina format version {version!r}; this lamina "
                f"({__version__}) reads versions 1..{FORMAT_VERSION}. Upgrade lamina."
            )
        archive.check_hashes(entries, metadata.get("sha256"))
    if CONFIG not in entries:
        raise ArchiveError(f"{filepath!r} has no config.json: it is not a model archive.")
    config = archive.parse_json(entries[CONFIG], "config.json", limits.max_json_bytes)
    return config, _weights_store(entries, filepath)


def _weights_store(entries, filepath):
    if SAFETENSORS in entries and H5 in entries:
        raise ArchiveError(f"{filepath!r} holds both {SAFETENSORS} and {H5}; expected one.")
    if SAFETENSORS in entries:
        return _safetensors_store(entries[SAFETENSORS])
    if H5 in entries:
        return object_state.store_from_h5(h5_io.read_h5(entries[H5]))
    raise ArchiveError(f"{filepath!r} holds no weights ({SAFETENSORS} or {H5}).")


def _safetensors_store(data):
    tensors, _ = safetensors_io.load(data)
    return object_state.store_from_flat(tensors)


def _rebuild(config, custom_objects, compile):
    from lamina._registry import deserialize_keras_object

    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise ConfigError("config.json must hold an object with a 'class_name'.")
    config = dict(config)
    compile_config = config.pop("compile_config", None)
    model = deserialize_keras_object(config, custom_objects, kind="model")
    if not isinstance(model, Model):
        raise ConfigError(
            f"config.json describes a {type(model).__name__}, not a model; load it with "
            "lamina.saving.deserialize_keras_object instead."
        )
    if compile and compile_config:
        compile_from_config(model, compile_config, custom_objects)
    return model


def _guarded(step, function, *args):
    """Run a rebuild step; any failure becomes a ConfigError that names the step."""
    try:
        return function(*args)
    except LoadError:
        raise
    except Exception as error:  # RecursionError, MemoryError, KeyError, TypeError...
        raise ConfigError(
            f"{step} failed: {type(error).__name__}: {error}. The file describes objects "
            "this program cannot rebuild (a class or argument that does not exist here, or "
            "a corrupt config). Register custom classes or pass them in custom_objects=."
        ) from error


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Load a model saved with :func:`save_model` (or a Keras 3 ``.keras`` file).

    ``custom_objects`` maps names to classes/functions (a Lambda's function can be given
    here). ``compile=True`` compiles the model as saved and restores the optimizer and
    metric state, so training resumes exactly. ``safe_mode`` is kept for Keras
    compatibility only: lamina never loads code, whatever its value.
    """
    filepath = _path(filepath)
    if not filepath.endswith(".keras"):
        raise ArchiveError(
            f"load_model: expected a '.keras' file, received {filepath!r} (legacy .h5 and "
            "SavedModel formats are not supported; weights files load with load_weights)."
        )
    config, store = _read_keras_archive(filepath)
    with custom_object_scope(custom_objects or {}):
        model = _guarded(
            "Rebuilding the model from config.json", _rebuild, config, custom_objects, compile
        )
        _guarded("Loading the weights", object_state.restore, model, store, False, compile)
    return model


def load_weights(model, filepath, skip_mismatch=False):
    """Load weights into a built ``model`` from ``.weights.safetensors``, ``.weights.h5``
    or ``.keras``; a mismatch names the layer and both shapes (``skip_mismatch=True``
    skips such layers with a warning)."""
    filepath = _path(filepath)
    if not model.built:
        raise ValueError(
            f"load_weights: model '{model.name}' is not built, so it has no variables to "
            "load into. Call it on data or call build(input_shape) first."
        )
    limit = archive.DEFAULT_LIMITS.max_file_bytes
    if filepath.endswith(".keras"):
        _, store = _read_keras_archive(filepath)
    elif filepath.endswith(".weights.h5"):
        store = object_state.store_from_h5(h5_io.read_h5(archive.read_file(filepath, limit)))
    elif filepath.endswith(".weights.safetensors"):
        store = _safetensors_store(archive.read_file(filepath, limit))
    else:
        raise ValueError(
            f"load_weights: expected a '.weights.safetensors', '.weights.h5' or '.keras' "
            f"file, received {filepath!r}."
        )
    object_state.restore(model, store, skip_mismatch=skip_mismatch)
