"""Zip archives (``.keras``) and durable file writes.

Writing: :func:`atomic_write` puts the bytes in a temporary file in the target's
directory, flushes and ``fsync``\\ s it, renames it over the target (atomic on POSIX and
Windows) and ``fsync``\\ s the directory, so a crash at any point leaves either the
previous file or the new one, never a mix. :func:`build_archive` stores each entry
uncompressed, with the SHA-256 of every entry recorded in ``metadata.json``.

Reading: :func:`read_archive` opens the file once, reads it whole (it must be under
``max_file_bytes``) and checks, before decompressing anything: only expected entry names,
no duplicates, no absolute or ``..`` paths, no symlinks, no encryption, only stored or
deflated data, sizes and compression ratios under the limits, entries that do not
overlap. Each entry is then read with a bounded read (zip CRCs checked). The SHA-256
comparison is done by the caller once it knows which hashes the metadata declares.

>>> import io, zipfile
>>> data = build_archive({"config.json": b"{}"}, {"format": "demo"})
>>> entries = read_archive_bytes(data, allowed={"config.json", "metadata.json"})
>>> sorted(entries), entries["config.json"]
(['config.json', 'metadata.json'], b'{}')
"""

import dataclasses
import hashlib
import io
import json
import os
import secrets
import stat
import zipfile

from lamina.saving.errors import ArchiveError, IntegrityError, LimitError, UnsafeFileError

METADATA = "metadata.json"


@dataclasses.dataclass(frozen=True)
class ArchiveLimits:
    """Limits on an archive (bytes unless said otherwise)."""

    max_file_bytes: int = 64 * 2**30
    max_entries: int = 16
    max_entry_bytes: int = 64 * 2**30
    max_json_bytes: int = 64 * 2**20
    max_ratio: int = 100  # uncompressed / compressed, checked for entries over 1 MiB
    ratio_floor_bytes: int = 2**20


DEFAULT_LIMITS = ArchiveLimits()


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------ writing
def build_archive(entries: dict, metadata: dict) -> bytes:
    """A zip holding ``metadata.json`` (with ``sha256`` of each entry) then ``entries``."""
    metadata = {**metadata, "sha256": {name: sha256(data) for name, data in entries.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(METADATA, json.dumps(metadata, indent=1).encode("utf-8"))
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def atomic_write(filepath, data: bytes, overwrite: bool = True) -> None:
    """Write ``data`` to ``filepath`` so that a crash never leaves a partial file there."""
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"{filepath!r} already exists and overwrite=False. Pass overwrite=True to replace "
            "it, or choose another path."
        )
    directory = os.path.dirname(os.path.abspath(filepath))
    temporary = os.path.join(
        directory, f".{os.path.basename(filepath)}.{secrets.token_hex(6)}.tmp"
    )
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written:]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, filepath)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# ------------------------------------------------------------------------------ reading
def read_file(filepath, max_bytes: int) -> bytes:
    """The bytes of ``filepath`` (one open; refuses files over ``max_bytes``)."""
    filepath = os.fspath(filepath)
    try:
        with open(filepath, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise LimitError(
                    f"{filepath!r} is {size} bytes, over the limit of {max_bytes} bytes."
                )
            data = handle.read(size + 1)
            if len(data) > size:  # the file grows while read: read on, up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise FileNotFoundError(f"No file at {filepath!r}.") from None
    if len(data) > max_bytes:
        raise LimitError(f"{filepath!r} grew past {max_bytes} bytes while being read.")
    return data


def read_archive(filepath, allowed, limits: ArchiveLimits = DEFAULT_LIMITS) -> dict:
    """``{entry name: bytes}`` of the zip at ``filepath``, after the checks above."""
    return read_archive_bytes(read_file(filepath, limits.max_file_bytes), allowed, limits)


def _check_name(info):
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or ":" in parts[0]
        or ".." in parts
        or "\\" in name
        or "\x00" in name
    ):
        raise UnsafeFileError(
            f"Archive entry {name!r} points outside the archive (absolute path, drive or '..'); "
            "lamina never extracts files, and refuses such archives."
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeFileError(
            f"Archive entry {name!r} is a symbolic link; lamina archives hold plain files only."
        )
    if info.flag_bits & 0x1:
        raise UnsafeFileError(f"Archive entry {name!r} is encrypted; lamina cannot read it.")


def _check_infos(infos, allowed, limits):
    names = [info.filename for info in infos]
    if len(infos) > limits.max_entries:
        raise LimitError(
            f"The archive has {len(infos)} entries, over the limit of {limits.max_entries}."
        )
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ArchiveError(f"The archive lists entries {duplicates} more than once.")
    for info in infos:
        _check_name(info)
        if info.filename not in allowed:
            raise ArchiveError(
                f"Unexpected archive entry {info.filename!r}: a lamina/Keras model archive "
                f"holds only {sorted(allowed)}."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError(
                f"Archive entry {info.filename!r} uses compression method "
                f"{info.compress_type}; only stored and deflated entries are read."
            )
        limit = limits.max_json_bytes if info.filename.endswith(".json") else (
            limits.max_entry_bytes)
        if info.file_size > limit:
            raise LimitError(
                f"Archive entry {info.filename!r} declares {info.file_size} bytes, over the "
                f"limit of {limit} bytes."
            )
        if (
            info.file_size > limits.ratio_floor_bytes
            and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            raise LimitError(
                f"Archive entry {info.filename!r} expands {info.compress_size} bytes to "
                f"{info.file_size} bytes (more than {limits.max_ratio}x): refusing a "
                "potential zip bomb."
            )
    spans = sorted((info.header_offset, info.compress_size, info.filename) for info in infos)
    for (start, size, name), (next_start, _, next_name) in zip(spans, spans[1:]):
        if start + size + 30 + len(name) > next_start:
            raise UnsafeFileError(
                f"Archive entries {name!r} and {next_name!r} overlap: refusing a crafted zip."
            )


def read_archive_bytes(data: bytes, allowed, limits: ArchiveLimits = DEFAULT_LIMITS) -> dict:
    """Like :func:`read_archive`, from the archive's bytes."""
    allowed = set(allowed) | {METADATA}
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveError(
            f"Not a valid zip archive ({type(error).__name__}: {error}). The file is truncated, "
            "corrupt, or not a .keras file."
        ) from None
    with archive:
        infos = archive.infolist()
        _check_infos(infos, allowed, limits)
        entries = {}
        for info in infos:
            try:
                with archive.open(info) as handle:
                    content = handle.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                    RuntimeError) as error:
                raise IntegrityError(
                    f"Archive entry {info.filename!r} cannot be read "
                    f"({type(error).__name__}: {error}): the file is corrupt or truncated."
                ) from None
            if len(content) != info.file_size:
                raise IntegrityError(
                    f"Archive entry {info.filename!r} declares {info.file_size} bytes but "
                    f"holds {len(content)}."
                )
            entries[info.filename] = content
    return entries


def parse_json(data: bytes, what: str, max_bytes: int, max_depth: int = 200):
    """Parse JSON bytes into Python objects, refusing oversized or over-nested documents."""
    if len(data) > max_bytes:
        raise LimitError(f"{what} is {len(data)} bytes, over the limit of {max_bytes}.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IntegrityError(f"{what} is not UTF-8 text ({error}).") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise LimitError(f"{what} nests too deeply to be parsed.") from None
    except ValueError as error:
        raise IntegrityError(f"{what} is not valid JSON ({error}).") from None
    deepest = _depth(value)
    if deepest > max_depth:
        raise LimitError(f"{what} nests {deepest} levels deep, over the limit of {max_depth}.")
    return value


def _depth(value) -> int:
    """Nesting depth of parsed JSON, computed without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


def check_hashes(entries: dict, declared) -> None:
    """Compare each entry's SHA-256 with the ``declared`` map (every entry must be listed)."""
    if not isinstance(declared, dict):
        raise IntegrityError("metadata.json: 'sha256' must map entry names to hex digests.")
    for name, content in entries.items():
        if name == METADATA:
            continue
        expected = declared.get(name)
        if not isinstance(expected, str):
            raise IntegrityError(
                f"metadata.json declares no SHA-256 for entry {name!r}: the archive was "
                "modified after it was written."
            )
        if sha256(content) != expected.lower():
            raise IntegrityError(
                f"Archive entry {name!r} does not match its SHA-256 in metadata.json: the file "
                "is corrupt or was modified after it was written."
            )
    missing = sorted(set(declared) - set(entries))
    if missing:
        raise IntegrityError(f"metadata.json lists entries {missing} that the archive lacks.")
