"""A hostile-file corpus, generated here: every file raises a LoadError subclass, and an
audit hook sees no import, exec, subprocess or file open other than the archive itself
while it is loaded.

The hostile archives carry correct SHA-256s in metadata.json (an attacker can compute
them), so each attack reaches the layer of defence it targets.
"""

import base64
import io
import json
import marshal
import stat
import struct
import zipfile
import zlib

import numpy as np
import pytest

import lamina
from lamina import saving
from lamina.saving import archive, safetensors_io

h5py = None
try:
    import h5py
except ImportError:  # the h5 cases are skipped
    pass


def _model():
    inputs = lamina.Input((3,), name="x")
    hidden = lamina.layers.Dense(4, name="hidden")(inputs)
    return lamina.Model(inputs, lamina.layers.Dense(2, name="out")(hidden), name="victim")


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A good archive's entries, after one full warm-up load (imports done)."""
    directory = tmp_path_factory.mktemp("good")
    path = directory / "good.keras"
    model = _model()
    model.compile("adam", "mse")
    saving.save_model(model, path)
    saving.load_model(path)
    if h5py is not None:  # warm the h5 path too
        saving.save_weights(model, directory / "w.weights.h5")
        saving.load_weights(model, directory / "w.weights.h5")
    with zipfile.ZipFile(path) as handle:
        entries = {name: handle.read(name) for name in handle.namelist()}
    return {"path": path, "entries": entries, "model": model,
            "config": json.loads(entries["config.json"])}


def _zip(entries, *, hashes=True, infos=None):
    """Zip bytes with a lamina metadata.json whose SHA-256s match the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        if hashes:
            metadata = {"format": "lamina", "format_version": 1,
                        "sha256": {n: archive.sha256(d) for n, d in entries.items()}}
            handle.writestr("metadata.json", json.dumps(metadata))
        for name, data in entries.items():
            handle.writestr(name, data)
        for info, data in infos or []:
            handle.writestr(info, data)
    return buffer.getvalue()


def _with_config(good, config):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    entries["config.json"] = json.dumps(config).encode()
    return _zip(entries)


def _load_expecting_error(tmp_path, audit, data, error=saving.LoadError, match=None):
    path = tmp_path / "hostile.keras"
    path.write_bytes(data)
    with audit.record():
        with pytest.raises(error, match=match) as caught:
            saving.load_model(path)
    assert audit.violations([path]) == []
    return caught.value


# ----------------------------------------------------------------------- configs
DANGEROUS = [("os", "system"), ("subprocess", "Popen"), ("builtins", "eval"),
             ("builtins", "exec"), ("posix", "system"), ("importlib", "import_module")]


@pytest.mark.parametrize("module,name", DANGEROUS)
def test_config_naming_a_dangerous_class(module, name, good, tmp_path, audit):
    config = {"module": module, "class_name": name, "config": {"command": "touch /tmp/pwn"},
              "registered_name": f"{module}>{name}"}
    _load_expecting_error(tmp_path, audit, _with_config(good, config), saving.ConfigError)


@pytest.mark.parametrize("module,name", DANGEROUS)
def test_layer_config_naming_a_dangerous_function(module, name, good, tmp_path, audit):
    config = json.loads(json.dumps(good["config"]))
    dense = next(layer for layer in config["config"]["layers"] if layer["class_name"] == "Dense")
    dense["config"]["activation"] = {"module": module, "class_name": "function",
                                     "config": name, "registered_name": name}
    _load_expecting_error(tmp_path, audit, _with_config(good, config), saving.ConfigError)


def test_lambda_with_marshalled_bytecode(good, tmp_path, audit):
    code = compile("import os; os.system('touch /tmp/pwn')", "<hostile>", "exec")
    payload = base64.b64encode(marshal.dumps(code)).decode()
    config = json.loads(json.dumps(good["config"]))
    layers = config["config"]["layers"]
    layers.insert(2, {
        "module": "keras.layers", "class_name": "Lambda", "registered_name": None,
        "name": "evil", "config": {
            "name": "evil", "trainable": True, "dtype": "float32",
            "function": {"class_name": "__lambda__", "config": {"value": [payload, None, None]}},
            "arguments": {}},
        "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
            "shape": [None, 4], "dtype": "float32", "keras_history": ["hidden", 0, 0]}}],
            "kwargs": {}}],
    })
    error = _load_expecting_error(tmp_path, audit, _with_config(good, config),
                                  saving.ConfigError)
    assert "never deserializes code" in str(error)


@pytest.mark.parametrize("config", [
    [], "victim", {"class_name": 3}, {"class_name": "Dense", "config": {"units": 2}},
    {"class_name": "Functional", "config": {"layers": "oops", "input_layers": []}},
    {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"class_name": "Dense", "config": {"units": -1}, "name": "d", "inbound_nodes": [
            {"args": [{"class_name": "__keras_tensor__", "config": {
                "keras_history": ["nowhere", 0, 0]}}], "kwargs": {}}]}],
        "input_layers": [["nowhere", 0, 0]], "output_layers": [["d", 0, 0]]}},
], ids=["list", "string", "bad-class-name", "not-a-model", "bad-layers", "dangling-node"])
def test_malformed_configs(config, good, tmp_path, audit):
    _load_expecting_error(tmp_path, audit, _with_config(good, config), saving.ConfigError)


def test_deeply_nested_config(good, tmp_path, audit):
    deep = "[" * 100_000 + "]" * 100_000
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    entries["config.json"] = deep.encode()
    _load_expecting_error(tmp_path, audit, _zip(entries), saving.LimitError)
    nested = {"class_name": "Sequential", "config": {"layers": []}}
    for _ in range(100):
        nested = {"class_name": "Sequential", "config": {"layers": [nested]}}
    _load_expecting_error(tmp_path, audit, _with_config(good, nested), saving.LimitError)


def test_oversized_config(good, tmp_path, audit, monkeypatch):
    limits = archive.ArchiveLimits(max_json_bytes=10_000)
    monkeypatch.setattr(archive, "DEFAULT_LIMITS", limits)
    config = dict(good["config"], padding="x" * 20_000)
    _load_expecting_error(tmp_path, audit, _with_config(good, config), saving.LimitError)


# ----------------------------------------------------------------------- zip entries
@pytest.mark.parametrize("name", ["../evil.py", "/etc/evil", "assets/../../evil",
                                  "..\\evil", "C:/evil", "config.json/../x"])
def test_path_traversal_entries(name, good, tmp_path, audit):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    entries[name] = b"print('pwned')"
    _load_expecting_error(tmp_path, audit, _zip(entries), saving.UnsafeFileError)


def test_symlink_entry(good, tmp_path, audit):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    weights = entries.pop("model.weights.safetensors")
    info = zipfile.ZipInfo("model.weights.safetensors")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = _zip(entries, infos=[(info, b"/etc/passwd")])
    assert weights
    _load_expecting_error(tmp_path, audit, data, saving.UnsafeFileError, match="symbolic")


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_unexpected_and_duplicate_entries(good, tmp_path, audit):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    _load_expecting_error(tmp_path, audit, _zip({**entries, "evil.py": b"x"}),
                          saving.ArchiveError, match="Unexpected")
    duplicate = zipfile.ZipInfo("config.json")
    data = _zip(entries, infos=[(duplicate, b"{}")])
    _load_expecting_error(tmp_path, audit, data, saving.ArchiveError, match="more than once")


def test_zip_bomb(good, tmp_path, audit):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("config.json", entries["config.json"])
        handle.writestr("model.weights.safetensors", bytes(16 * 2**20))
    _load_expecting_error(tmp_path, audit, buffer.getvalue(), saving.LimitError,
                          match="zip bomb")


def test_entry_lying_about_its_size(good, tmp_path, audit):
    data = bytearray(_zip({"config.json": b"{}" + b" " * 5000}))
    compressed = zlib.compress(b"x")
    assert compressed
    # Shrink the declared size in the central directory: the read stops short.
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    _load_expecting_error(tmp_path, audit, bytes(data), saving.LoadError)


def test_hash_mismatch(good, tmp_path, audit):
    metadata = json.loads(good["entries"]["metadata.json"])
    entries = dict(good["entries"])
    entries["config.json"] = entries["config.json"].replace(b'"units": 4', b'"units": 5')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        handle.writestr("metadata.json", json.dumps(metadata))
        for name in ("config.json", "model.weights.safetensors"):
            handle.writestr(name, entries[name])
    _load_expecting_error(tmp_path, audit, buffer.getvalue(), saving.IntegrityError,
                          match="SHA-256")


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + bytes(100)],
                         ids=["empty", "text", "header-only"])
def test_not_an_archive(data, tmp_path, audit):
    _load_expecting_error(tmp_path, audit, data, saving.ArchiveError)


# ----------------------------------------------------------------------- tensors
def _with_weights(good, weights):
    entries = dict(good["entries"])
    entries.pop("metadata.json")
    entries["model.weights.safetensors"] = weights
    return _zip(entries)


def _safetensors(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


TENSOR_ATTACKS = {
    "huge-header-length": struct.pack("<Q", 2**40) + b"{}",
    "header-past-end": struct.pack("<Q", 500) + b"{}",
    "oversized-tensor": _safetensors(
        {"vars/0": {"dtype": "F32", "shape": [2**40], "data_offsets": [0, 4 * 2**40]}},
        bytes(16)),
    "shape-vs-bytes": _safetensors(
        {"vars/0": {"dtype": "F32", "shape": [1000], "data_offsets": [0, 16]}}, bytes(16)),
    "overlapping": _safetensors({
        "layers/dense/vars/0": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
        "layers/dense/vars/1": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}},
        bytes(16)),
    "hole": _safetensors({
        "layers/dense/vars/0": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}},
        bytes(16)),
    "truncated-data": _safetensors(
        {"vars/0": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, bytes(8)),
    "negative-shape": _safetensors(
        {"vars/0": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]}}, bytes(16)),
    "object-dtype": _safetensors(
        {"vars/0": {"dtype": "O", "shape": [2], "data_offsets": [0, 16]}}, bytes(16)),
    "duplicate-key": struct.pack("<Q", 140) + (
        b'{"a/vars/0":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},'
        b'"a/vars/0":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}').ljust(140) + b"\x00",
    "not-json": struct.pack("<Q", 8) + b"{garbage",
    "deep-json": (lambda t: struct.pack("<Q", len(t)) + t)(b"[" * 50_000 + b"]" * 50_000),
    "bad-digest": _safetensors(
        {"__metadata__": {"data_sha256": "0" * 64},
         "vars/0": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, bytes(4)),
}


@pytest.mark.parametrize("name", sorted(TENSOR_ATTACKS))
def test_hostile_tensor_headers(name, good, tmp_path, audit):
    data = _with_weights(good, TENSOR_ATTACKS[name])
    _load_expecting_error(tmp_path, audit, data, saving.LoadError)
    with pytest.raises(saving.LoadError):
        safetensors_io.load(TENSOR_ATTACKS[name])


def test_weights_of_the_wrong_shape(good, tmp_path, audit):
    weights = safetensors_io.dump({"layers/dense/vars/0": np.zeros((3, 7), "float32"),
                                   "layers/dense/vars/1": np.zeros((4,), "float32")})
    _load_expecting_error(tmp_path, audit, _with_weights(good, weights),
                          saving.WeightsMismatchError, match=r"\(3, 4\).*\(3, 7\)")


# ----------------------------------------------------------------------- whole files
def test_truncated_files(good, tmp_path, audit):
    data = good["path"].read_bytes()
    for length in sorted({0, 1, 4, 30, len(data) // 3, len(data) // 2, len(data) - 22,
                          len(data) - 1, *range(0, len(data), max(1, len(data) // 40))}):
        _load_expecting_error(tmp_path, audit, data[:length], saving.LoadError)


def test_flipped_bytes_never_load_a_different_model(good, tmp_path, audit):
    data = good["path"].read_bytes()
    want = [w.copy() for w in good["model"].get_weights()]
    step = max(1, len(data) // 300)
    loaded_anyway = 0
    for position in range(0, len(data), step):
        flipped = bytearray(data)
        flipped[position] ^= 0x41
        path = tmp_path / "flipped.keras"
        path.write_bytes(bytes(flipped))
        with audit.record():
            try:
                model = saving.load_model(path)
            except saving.LoadError:
                model = None
        assert audit.violations([path]) == [], position
        if model is not None:  # only bytes that carry no content (zip timestamps...)
            loaded_anyway += 1
            for got, expected in zip(model.get_weights(), want):
                np.testing.assert_array_equal(got, expected)
    assert loaded_anyway < len(range(0, len(data), step)) // 5


# ----------------------------------------------------------------------- h5 files
def _h5_bytes(build):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as handle:
        build(handle)
    return buffer.getvalue()


def _h5_cases(tmp_path):
    outside = tmp_path / "outside.h5"
    with h5py.File(outside, "w") as handle:
        handle["data"] = np.ones((3, 4), "float32")
    raw = tmp_path / "raw.bin"
    raw.write_bytes(np.ones((3, 4), "float32").tobytes())

    def external_link(handle):
        handle.create_group("layers/dense/vars")
        handle["layers/dense/vars/0"] = h5py.ExternalLink(str(outside), "data")

    def soft_link(handle):
        handle["target"] = np.ones((3, 4), "float32")
        handle.create_group("layers/dense/vars")
        handle["layers/dense/vars/0"] = h5py.SoftLink("/target")

    def external_dataset(handle):
        group = handle.create_group("layers/dense/vars")
        group.create_dataset("0", shape=(3, 4), dtype="float32",
                             external=[(str(raw), 0, h5py.h5f.UNLIMITED)])

    def virtual_dataset(handle):
        layout = h5py.VirtualLayout(shape=(3, 4), dtype="float32")
        layout[:] = h5py.VirtualSource(str(outside), "data", shape=(3, 4))
        handle.create_group("layers/dense/vars").create_virtual_dataset("0", layout)

    def string_dataset(handle):
        handle.create_group("layers/dense/vars")["0"] = np.array([b"x"] * 3)

    return {"external-link": external_link, "soft-link": soft_link,
            "external-dataset": external_dataset, "virtual-dataset": virtual_dataset,
            "string-dataset": string_dataset}


@pytest.mark.skipif(h5py is None, reason="h5py is an optional extra")
@pytest.mark.parametrize("case", ["external-link", "soft-link", "external-dataset",
                                  "virtual-dataset", "string-dataset"])
def test_hostile_h5_weights(case, good, tmp_path, audit):
    data = _h5_bytes(_h5_cases(tmp_path)[case])
    entries = {"config.json": good["entries"]["config.json"], "model.weights.h5": data}
    _load_expecting_error(tmp_path, audit, _zip(entries, hashes=False), saving.LoadError)
    path = tmp_path / "hostile.weights.h5"
    path.write_bytes(data)
    with audit.record():
        with pytest.raises(saving.LoadError):
            saving.load_weights(good["model"], path)
    assert audit.violations([path]) == []
