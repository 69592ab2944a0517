"""The safetensors format, written and parsed here with strict validation.

Layout: an 8-byte little-endian header length ``N``, ``N`` bytes of JSON (``{name:
{"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}``), then
the byte buffer. The parser trusts nothing: the header length, the JSON (no duplicate
keys), every dtype, shape and offset are checked, each tensor's declared size must equal
its stored bytes, and the tensors must tile the buffer exactly (no overlap, no hole, no
trailing bytes) before a single array is made. Arrays are read-only views of the bytes.

>>> import numpy as np
>>> data = dump({"w": np.arange(3, dtype="float32")}, {"format": "demo"})
>>> tensors, meta = load(data)
>>> tensors["w"].tolist(), meta
([0.0, 1.0, 2.0], {'format': 'demo'})
"""

import dataclasses
import hashlib
import json
import math
import struct

import ml_dtypes
import numpy as np

from lamina.saving.errors import IntegrityError, LimitError

_DTYPES = {
    "BOOL": np.dtype("bool"),
    "U8": np.dtype("<u1"),
    "I8": np.dtype("<i1"),
    "U16": np.dtype("<u2"),
    "I16": np.dtype("<i2"),
    "U32": np.dtype("<u4"),
    "I32": np.dtype("<i4"),
    "U64": np.dtype("<u8"),
    "I64": np.dtype("<i8"),
    "F16": np.dtype("<f2"),
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
    "BF16": np.dtype(ml_dtypes.bfloat16),
    "F8_E4M3": np.dtype(ml_dtypes.float8_e4m3fn),
    "F8_E5M2": np.dtype(ml_dtypes.float8_e5m2),
}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}
_MAX_RANK = 32
DIGEST_KEY = "data_sha256"


@dataclasses.dataclass(frozen=True)
class TensorLimits:
    """Limits applied while parsing (all in bytes or counts)."""

    max_header_bytes: int = 64 * 2**20
    max_tensors: int = 200_000
    max_tensor_bytes: int = 32 * 2**30
    max_total_bytes: int = 64 * 2**30


DEFAULT_LIMITS = TensorLimits()


def dump(tensors: dict, metadata: dict | None = None, digest: bool = False) -> bytes:
    """Serialize ``{name: numpy array}`` (plus string ``metadata``) to safetensors bytes.

    With ``digest=True`` the SHA-256 of the data buffer is stored in the metadata
    (``data_sha256``), and :func:`load` checks it.
    """
    header, chunks, offset = {}, [], 0
    metadata = {str(k): str(v) for k, v in (metadata or {}).items()}
    for name, value in tensors.items():
        array = np.asarray(value)
        dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
        if dtype not in _NAMES:
            raise TypeError(
                f"safetensors: tensor {name!r} has dtype {array.dtype}, which the format "
                f"cannot store (supported: {sorted(str(d) for d in _NAMES)})."
            )
        raw = array.astype(dtype, copy=False).tobytes(order="C")
        header[name] = {
            "dtype": _NAMES[dtype],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        chunks.append(raw)
        offset += len(raw)
    if digest:
        hasher = hashlib.sha256()
        for chunk in chunks:
            hasher.update(chunk)
        metadata[DIGEST_KEY] = hasher.hexdigest()
    if metadata:
        header = {"__metadata__": metadata, **header}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def _fail(what, limit=False):
    cls = LimitError if limit else IntegrityError
    return cls(f"safetensors: {what}. The weights are corrupt or were not written by lamina "
               "or the safetensors library; re-save them from the original model.")


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _fail(f"the header lists {key!r} twice")
        result[key] = value
    return result


def _parse_header(data: bytes, limits: TensorLimits):
    if len(data) < 8:
        raise _fail(f"the file is {len(data)} bytes long, shorter than the 8-byte header size")
    (size,) = struct.unpack("<Q", data[:8])
    if size > limits.max_header_bytes:
        raise _fail(f"the header declares {size} bytes, over the limit of "
                    f"{limits.max_header_bytes}", limit=True)
    if 8 + size > len(data):
        raise _fail(f"the header declares {size} bytes but the file has {len(data) - 8} after "
                    "the size field (truncated file)")
    raw = data[8:8 + size]
    if not raw.lstrip().startswith(b"{"):
        raise _fail("the header is not a JSON object")
    try:
        header = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except IntegrityError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _fail(f"the header is not valid JSON ({type(error).__name__}: {error})") from None
    if not isinstance(header, dict):
        raise _fail("the header is not a JSON object")
    return header, 8 + size


def _check_entry(name, entry, limits):
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise _fail(f"tensor {name!r} must be an object with exactly 'dtype', 'shape' and "
                    "'data_offsets'")
    dtype = _DTYPES.get(entry["dtype"]) if isinstance(entry["dtype"], str) else None
    if dtype is None:
        raise _fail(f"tensor {name!r} has unknown dtype {entry['dtype']!r}")
    shape, offsets = entry["shape"], entry["data_offsets"]
    if (not isinstance(shape, list) or len(shape) > _MAX_RANK
            or not all(type(d) is int and d >= 0 for d in shape)):
        raise _fail(f"tensor {name!r} has an invalid shape {shape!r} (expected a list of at "
                    f"most {_MAX_RANK} non-negative integers)")
    if (not isinstance(offsets, list) or len(offsets) != 2
            or not all(type(o) is int and o >= 0 for o in offsets) or offsets[0] > offsets[1]):
        raise _fail(f"tensor {name!r} has invalid data_offsets {offsets!r}")
    declared = math.prod(shape) * dtype.itemsize
    if declared > limits.max_tensor_bytes:
        raise _fail(f"tensor {name!r} declares {declared} bytes, over the limit of "
                    f"{limits.max_tensor_bytes}", limit=True)
    if declared != offsets[1] - offsets[0]:
        raise _fail(f"tensor {name!r} declares shape {shape} of {entry['dtype']} "
                    f"({declared} bytes) but its offsets span {offsets[1] - offsets[0]} bytes")
    return dtype, tuple(shape), offsets[0], offsets[1]


def load(data: bytes, limits: TensorLimits = DEFAULT_LIMITS):
    """Parse safetensors ``data``: ``({name: read-only array}, metadata dict)``.

    If the metadata holds ``data_sha256`` (written by ``dump(..., digest=True)``), the
    data bytes must match it.

    Raises :class:`~lamina.saving.errors.IntegrityError` or
    :class:`~lamina.saving.errors.LimitError` for anything malformed.
    """
    header, start = _parse_header(data, limits)
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise _fail("__metadata__ must map strings to strings")
    if len(header) > limits.max_tensors:
        raise _fail(f"the header lists {len(header)} tensors, over the limit of "
                    f"{limits.max_tensors}", limit=True)
    entries = {name: _check_entry(name, entry, limits) for name, entry in header.items()}
    buffer_size = len(data) - start
    spans = sorted((begin, end, name) for name, (_, _, begin, end) in entries.items())
    position = 0
    for begin, end, name in spans:
        if begin < position:
            raise _fail(f"tensor {name!r} overlaps the previous tensor (offset {begin} < "
                        f"{position})")
        if begin > position:
            raise _fail(f"the bytes {position}..{begin} before tensor {name!r} belong to no "
                        "tensor")
        position = end
    if position > limits.max_total_bytes:
        raise _fail(f"the tensors declare {position} bytes, over the limit of "
                    f"{limits.max_total_bytes}", limit=True)
    if position != buffer_size:
        what = "truncated file" if position > buffer_size else "trailing bytes"
        raise _fail(f"the tensors declare {position} data bytes but {buffer_size} are stored "
                    f"({what})")
    view = memoryview(data)[start:]
    expected = metadata.get(DIGEST_KEY)
    if expected is not None and hashlib.sha256(view).hexdigest() != expected.lower():
        raise _fail("the data bytes do not match the SHA-256 stored in the header")
    tensors = {}
    for name, (dtype, shape, begin, end) in entries.items():
        array = np.frombuffer(view[begin:end], dtype=dtype).reshape(shape)
        tensors[name] = array
    return tensors, metadata
