"""The file formats on their own: safetensors (ours and the library's), the zip
archive helpers, and Keras's HDF5 layout."""

import json

import ml_dtypes
import numpy as np
import pytest

from lamina import saving
from lamina.saving import archive, h5_io, safetensors_io

ARRAYS = {
    "f32": np.arange(6, dtype="float32").reshape(2, 3),
    "f64": np.array([1.5, -2.0]),
    "f16": np.ones((2, 2), "float16"),
    "bf16": np.array([1.0, 2.5], dtype=ml_dtypes.bfloat16),
    "i32": np.array(7, dtype="int32"),
    "u32": np.array([0, 42], dtype="uint32"),
    "i64": np.array([-1], dtype="int64"),
    "bool": np.array([True, False]),
    "empty": np.zeros((0, 3), "float32"),
}


def test_safetensors_round_trip_every_dtype():
    data = safetensors_io.dump(ARRAYS, {"k": "v"}, digest=True)
    tensors, metadata = safetensors_io.load(data)
    assert metadata["k"] == "v" and len(metadata["data_sha256"]) == 64
    for name, value in ARRAYS.items():
        assert tensors[name].dtype == value.dtype and tensors[name].shape == value.shape
        np.testing.assert_array_equal(tensors[name], value)


def test_safetensors_interoperates_with_the_library():
    library = pytest.importorskip("safetensors.numpy")
    plain = {k: v for k, v in ARRAYS.items() if k != "bf16"}
    theirs = library.save(plain, metadata={"a": "b"})
    tensors, metadata = safetensors_io.load(theirs)
    assert metadata == {"a": "b"}
    for name, value in plain.items():
        np.testing.assert_array_equal(tensors[name], value)
    ours = library.load(safetensors_io.dump(plain))
    for name, value in plain.items():
        np.testing.assert_array_equal(ours[name], value)


def test_safetensors_limits():
    data = safetensors_io.dump({"w": np.zeros(1000, "float32")})
    small = safetensors_io.TensorLimits(max_tensor_bytes=100)
    with pytest.raises(saving.LimitError, match="over the limit"):
        safetensors_io.load(data, small)
    with pytest.raises(saving.LimitError):
        safetensors_io.load(data, safetensors_io.TensorLimits(max_header_bytes=8))
    with pytest.raises(saving.IntegrityError, match="trailing"):
        safetensors_io.load(data + b"\x00")


def test_archive_checks_hashes_and_names():
    data = archive.build_archive({"config.json": b"{}"}, {"format": "lamina"})
    entries = archive.read_archive_bytes(data, {"config.json"})
    metadata = json.loads(entries["metadata.json"])
    archive.check_hashes(entries, metadata["sha256"])
    with pytest.raises(saving.IntegrityError):
        archive.check_hashes({**entries, "config.json": b"[]"}, metadata["sha256"])
    with pytest.raises(saving.ArchiveError, match="Unexpected"):
        archive.read_archive_bytes(data, set())
    with pytest.raises(saving.LimitError, match="entries"):
        archive.read_archive_bytes(data, {"config.json"}, archive.ArchiveLimits(max_entries=1))


def test_parse_json_limits():
    assert archive.parse_json(b'{"a": [1]}', "x", 100) == {"a": [1]}
    with pytest.raises(saving.LimitError):
        archive.parse_json(b"[" * 300 + b"]" * 300, "x", 10_000)
    with pytest.raises(saving.LimitError):
        archive.parse_json(b"[1, 2, 3]", "x", 4)
    with pytest.raises(saving.IntegrityError):
        archive.parse_json(b"\xff", "x", 100)


def test_atomic_write(tmp_path):
    path = tmp_path / "f.bin"
    archive.atomic_write(path, b"one")
    archive.atomic_write(path, b"two")
    assert path.read_bytes() == b"two"
    with pytest.raises(FileExistsError):
        archive.atomic_write(path, b"three", overwrite=False)
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_h5_round_trip_and_keras_reads_bfloat16(tmp_path):
    pytest.importorskip("h5py")
    groups = [("", "model", []), ("layers/dense", "d", [ARRAYS["f32"], ARRAYS["bf16"]])]
    read = h5_io.read_h5(h5_io.write_h5(groups))
    assert read[""] == ("model", {})
    assert read["layers/dense"][0] == "d"
    np.testing.assert_array_equal(read["layers/dense"][1]["1"], ARRAYS["bf16"])
    assert read["layers/dense"][1]["1"].dtype == ARRAYS["bf16"].dtype
    with pytest.raises(saving.IntegrityError, match="HDF5"):
        h5_io.read_h5(b"not hdf5")
