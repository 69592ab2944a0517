"""Keras 3's ``.weights.h5`` layout, read and written with ``h5py`` (an optional extra).

Layout: one HDF5 group per saved object at its Keras path (``layers/dense``,
``optimizer``, the model itself at the root), each with a ``vars`` subgroup whose
``name`` attribute is the object's name and whose datasets ``"0"``, ``"1"``, ... are its
variables in order. bfloat16 datasets carry the attribute ``dtype="bfloat16"``.

Reading never lets HDF5 reach outside the bytes it was given: the file is opened from
memory, and every link is checked before it is followed. Soft, external and user-defined
links, virtual datasets, datasets stored in external files, filters that HDF5 would load
as plug-ins (code), non-numeric dtypes, and datasets whose declared size is far above
their stored size are refused with a :class:`~lamina.saving.errors.LoadError`.

>>> import numpy as np
>>> data = write_h5([("layers/dense", "d1", [np.ones((2, 1), "float32")])])
>>> read_h5(data)["layers/dense"][1]["0"].shape
(2, 1)
"""

import io

import ml_dtypes
import numpy as np

from lamina.saving.errors import ArchiveError, IntegrityError, LimitError, UnsafeFileError

# gzip, shuffle, fletcher32, scale-offset, n-bit (built into HDF5) and lzf (built into h5py).
_SAFE_FILTERS = {1, 2, 3, 5, 6, 32000}
_MAX_OBJECTS = 1_000_000
_MAX_DEPTH = 64
_BOMB_FLOOR = 2**20
_MAX_EXPANSION = 1000


def _h5py():
    try:
        import h5py
    except ImportError:
        raise ImportError(
            "Reading or writing .weights.h5 files needs h5py: pip install 'lamina[h5]' (or "
            "pip install h5py). lamina's native .weights.safetensors format needs nothing."
        ) from None
    return h5py


def write_h5(groups) -> bytes:
    """HDF5 bytes in Keras's layout from ``[(path, name, [arrays])]``."""
    h5py = _h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        for path, name, arrays in groups:
            vars_group = handle.create_group(f"{path}/vars" if path else "vars")
            if name is not None:
                vars_group.attrs["name"] = name
            for index, value in enumerate(arrays):
                value = np.asarray(value)
                if value.dtype == ml_dtypes.bfloat16:  # stored as 2-byte opaque, as Keras does
                    dataset = vars_group.create_dataset(str(index), data=value)
                    dataset.attrs["dtype"] = "bfloat16"
                else:
                    vars_group[str(index)] = value
    return buffer.getvalue()


def _unsafe(what):
    return UnsafeFileError(
        f".weights.h5: {what}. lamina reads only self-contained HDF5 files (plain groups and "
        "numeric datasets stored in the file)."
    )


def _check_dataset(h5py, dataset, path, totals):
    if dataset.is_virtual:
        raise _unsafe(f"dataset {path!r} is a virtual dataset")
    if dataset.external:
        raise _unsafe(f"dataset {path!r} stores its data in external files")
    plist = dataset.id.get_create_plist()
    for index in range(plist.get_nfilters()):
        filter_id = plist.get_filter(index)[0]
        if filter_id not in _SAFE_FILTERS:
            raise _unsafe(f"dataset {path!r} uses HDF5 filter {filter_id}, which HDF5 would "
                          "load as a plug-in")
    type_class = dataset.id.get_type().get_class()  # checked before h5py converts it
    bfloat16 = False
    if type_class == h5py.h5t.OPAQUE and dataset.id.get_type().get_size() == 2:
        bfloat16 = _is_bfloat16(dataset)
    if type_class not in (h5py.h5t.INTEGER, h5py.h5t.FLOAT, h5py.h5t.ENUM) and not bfloat16:
        raise ArchiveError(f".weights.h5: dataset {path!r} is not numeric (HDF5 type class "
                           f"{type_class}).")
    dtype = np.dtype(ml_dtypes.bfloat16) if bfloat16 else dataset.dtype
    if dtype.kind not in "biufV" or dtype.fields is not None or dtype.subdtype is not None:
        raise ArchiveError(f".weights.h5: dataset {path!r} has non-numeric dtype {dtype}.")
    declared = int(np.prod(dataset.shape, dtype=object)) * dtype.itemsize
    stored = dataset.id.get_storage_size()
    if declared > _BOMB_FLOOR and declared > _MAX_EXPANSION * max(stored, 1):
        raise LimitError(f".weights.h5: dataset {path!r} declares {declared} bytes but stores "
                         f"{stored}: refusing a potential decompression bomb.")
    totals["bytes"] += declared
    if totals["bytes"] > totals["limit"]:
        raise LimitError(f".weights.h5: the datasets declare more than {totals['limit']} bytes.")
    value = np.asarray(dataset[()])
    return value.view(ml_dtypes.bfloat16) if bfloat16 else value


def _is_bfloat16(dataset):
    value = dataset.attrs.get("dtype", None)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value == "bfloat16"


def _name_attr(group):
    name = group.attrs.get("name", None)
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return name if isinstance(name, str) and len(name) < 4096 else None


def _walk(h5py, root, max_bytes):
    """``{path: (name, {key: array})}`` for every ``vars`` group, links checked first."""
    result, totals, count = {}, {"bytes": 0, "limit": max_bytes}, 0
    stack = [("", root, 0)]
    while stack:
        path, group, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise LimitError(f".weights.h5: groups nest deeper than {_MAX_DEPTH} levels.")
        for key in list(group.keys()):
            count += 1
            if count > _MAX_OBJECTS:
                raise LimitError(f".weights.h5: more than {_MAX_OBJECTS} objects.")
            child_path = f"{path}/{key}" if path else key
            link = group.get(key, getlink=True)
            if not isinstance(link, h5py.HardLink):
                raise _unsafe(f"{child_path!r} is a {type(link).__name__}")
            kind = group.get(key, getclass=True)
            if kind is h5py.Group:
                child = group[key]
                if key == "vars":
                    arrays = {}
                    for var_key in list(child.keys()):
                        var_path = f"{child_path}/{var_key}"
                        var_link = child.get(var_key, getlink=True)
                        if not isinstance(var_link, h5py.HardLink):
                            raise _unsafe(f"{var_path!r} is a {type(var_link).__name__}")
                        if child.get(var_key, getclass=True) is not h5py.Dataset:
                            raise ArchiveError(f".weights.h5: {var_path!r} is not a dataset.")
                        arrays[var_key] = _check_dataset(h5py, child[var_key], var_path, totals)
                    result[path] = (_name_attr(child), arrays)
                else:
                    stack.append((child_path, child, depth + 1))
            elif kind is h5py.Dataset:
                raise ArchiveError(f".weights.h5: dataset {child_path!r} is outside a 'vars' "
                                   "group; this is not Keras's weights layout.")
            else:
                raise ArchiveError(f".weights.h5: {child_path!r} is neither a group nor a "
                                   "dataset.")
    return result


def read_h5(data: bytes, max_bytes: int = 64 * 2**30) -> dict:
    """Parse Keras ``.weights.h5`` bytes: ``{path: (name, {"0": array, ...})}``."""
    h5py = _h5py()
    if not data.startswith(b"\x89HDF\r\n\x1a\n"):
        raise IntegrityError(".weights.h5: not an HDF5 file (bad signature).")
    try:
        with h5py.File(io.BytesIO(data), "r") as handle:
            return _walk(h5py, handle, max_bytes)
    except (UnsafeFileError, ArchiveError, LimitError):
        raise
    except Exception as error:  # h5py raises OSError, KeyError, RuntimeError... on bad bytes
        raise IntegrityError(
            f".weights.h5: the HDF5 data is corrupt or truncated ({type(error).__name__}: "
            f"{error})."
        ) from None
