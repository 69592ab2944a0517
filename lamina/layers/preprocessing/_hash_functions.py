"""String hashes used by ``Hashing`` and the lookup layers, vectorized with numpy.

Keras computes these with TensorFlow's ``tf.strings.to_hash_bucket_fast`` (FarmHash
``Fingerprint64``) and ``to_hash_bucket_strong`` (SipHash-2-4 keyed by a salt). lamina
has no TensorFlow, so both hashes are written here from their published definitions;
bucket numbers therefore match Keras exactly. Strings are hashed as UTF-8 bytes, and
numbers as their decimal text (as ``tf.strings.as_string`` writes them).

Work is vectorized over all strings of the same byte length, so the Python-level cost
is one pass per distinct length, not per string.

>>> int(fingerprint64(["A"])[0] % 3)
1
>>> int(hash_buckets(["A", "B", "C"], 3).tolist()[2])
1
"""

import numpy as np

_U64 = np.uint64
_K0 = _U64(0xC3A5C85C97CB3127)
_K1 = _U64(0xB492B66FBE98F273)
_K2 = _U64(0x9AE16A3B2F90404F)
_MASK32 = _U64(0xFFFFFFFF)


def _u(value) -> np.uint64:
    return _U64(int(value) & 0xFFFFFFFFFFFFFFFF)


def _rot(value, shift):
    """Rotate right by ``shift`` bits (FarmHash's Rotate)."""
    if shift == 0:
        return value
    return (value >> _U64(shift)) | (value << _U64(64 - shift))


def _rotl(value, shift):
    return (value << _U64(shift)) | (value >> _U64(64 - shift))


def _shift_mix(value):
    return value ^ (value >> _U64(47))


def _fetch64(data, offset):
    """Little-endian 64-bit words at byte ``offset`` of every row of ``data``."""
    return np.ascontiguousarray(data[:, offset:offset + 8]).view("<u8")[:, 0].astype(_U64)


def _fetch32(data, offset):
    return np.ascontiguousarray(data[:, offset:offset + 4]).view("<u4")[:, 0].astype(_U64)


def _hash_len16(u, v, mul):
    a = (u ^ v) * mul
    a ^= a >> _U64(47)
    b = (v ^ a) * mul
    b ^= b >> _U64(47)
    return b * mul


def _len_0_to_16(data, length):
    count = data.shape[0]
    if length >= 8:
        mul = _K2 + _u(length * 2)
        a = _fetch64(data, 0) + _K2
        b = _fetch64(data, length - 8)
        c = _rot(b, 37) * mul + a
        d = (_rot(a, 25) + b) * mul
        return _hash_len16(c, d, mul)
    if length >= 4:
        mul = _K2 + _u(length * 2)
        a = _fetch32(data, 0)
        return _hash_len16(_u(length) + (a << _U64(3)), _fetch32(data, length - 4), mul)
    if length > 0:
        a = data[:, 0].astype(_U64)
        b = data[:, length >> 1].astype(_U64)
        c = data[:, length - 1].astype(_U64)
        y = (a + (b << _U64(8))) & _MASK32
        z = (_u(length) + (c << _U64(2))) & _MASK32
        return _shift_mix(y * _K2 ^ z * _K0) * _K2
    return np.full(count, _K2, dtype=_U64)


def _len_17_to_32(data, length):
    mul = _K2 + _u(length * 2)
    a = _fetch64(data, 0) * _K1
    b = _fetch64(data, 8)
    c = _fetch64(data, length - 8) * mul
    d = _fetch64(data, length - 16) * _K2
    return _hash_len16(_rot(a + b, 43) + _rot(c, 30) + d, a + _rot(b + _K2, 18) + c, mul)


def _len_33_to_64(data, length):
    mul = _K2 + _u(length * 2)
    a = _fetch64(data, 0) * _K2
    b = _fetch64(data, 8)
    c = _fetch64(data, length - 8) * mul
    d = _fetch64(data, length - 16) * _K2
    y = _rot(a + b, 43) + _rot(c, 30) + d
    z = _hash_len16(y, a + _rot(b + _K2, 18) + c, mul)
    e = _fetch64(data, 16) * mul
    f = _fetch64(data, 24)
    g = (y + _fetch64(data, length - 32)) * mul
    h = (z + _fetch64(data, length - 24)) * mul
    return _hash_len16(_rot(e + f, 43) + _rot(g, 30) + h, e + _rot(f + a, 18) + g, mul)


def _weak_32_with_seeds(data, offset, a, b):
    w, x = _fetch64(data, offset), _fetch64(data, offset + 8)
    y, z = _fetch64(data, offset + 16), _fetch64(data, offset + 24)
    a = a + w
    b = _rot(b + a + z, 21)
    c = a
    a = a + x + y
    b = b + _rot(a, 44)
    return a + z, b + c


def _len_over_64(data, length):
    count = data.shape[0]
    seed = _U64(81)
    x = np.full(count, seed, dtype=_U64)
    y = np.full(count, seed * _K1 + _U64(113), dtype=_U64)
    z = _shift_mix(y * _K2 + _U64(113)) * _K2
    v0 = v1 = w0 = w1 = np.zeros(count, dtype=_U64)
    x = x * _K2 + _fetch64(data, 0)
    end = ((length - 1) // 64) * 64
    last64 = end + ((length - 1) & 63) - 63
    for s in range(0, end, 64):
        x = _rot(x + y + v0 + _fetch64(data, s + 8), 37) * _K1
        y = _rot(y + v1 + _fetch64(data, s + 48), 42) * _K1
        x = x ^ w1
        y = y + v0 + _fetch64(data, s + 40)
        z = _rot(z + w0, 33) * _K1
        v0, v1 = _weak_32_with_seeds(data, s, v1 * _K1, x + w0)
        w0, w1 = _weak_32_with_seeds(data, s + 32, z + w1, y + _fetch64(data, s + 16))
        z, x = x, z
    mul = _K1 + ((z & _U64(0xFF)) << _U64(1))
    s = last64
    w0 = w0 + _u((length - 1) & 63)
    v0 = v0 + w0
    w0 = w0 + v0
    x = _rot(x + y + v0 + _fetch64(data, s + 8), 37) * mul
    y = _rot(y + v1 + _fetch64(data, s + 48), 42) * mul
    x = x ^ (w1 * _U64(9))
    y = y + v0 * _U64(9) + _fetch64(data, s + 40)
    z = _rot(z + w0, 33) * mul
    v0, v1 = _weak_32_with_seeds(data, s, v1 * mul, x + w0)
    w0, w1 = _weak_32_with_seeds(data, s + 32, z + w1, y + _fetch64(data, s + 16))
    z, x = x, z
    return _hash_len16(
        _hash_len16(v0, w0, mul) + _shift_mix(y) * _K0 + z, _hash_len16(v1, w1, mul) + x, mul
    )


def _farmhash_group(data, length):
    if length <= 16:
        return _len_0_to_16(data, length)
    if length <= 32:
        return _len_17_to_32(data, length)
    if length <= 64:
        return _len_33_to_64(data, length)
    return _len_over_64(data, length)


def _sip_round(v0, v1, v2, v3):
    v0 = v0 + v1
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = v2 + v3
    v3 = _rotl(v3, 16) ^ v2
    v0 = v0 + v3
    v3 = _rotl(v3, 21) ^ v0
    v2 = v2 + v1
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def _siphash_group(data, length, key):
    count = data.shape[0]
    k0, k1 = _u(key[0]), _u(key[1])
    v0 = np.full(count, k0 ^ _U64(0x736F6D6570736575), dtype=_U64)
    v1 = np.full(count, k1 ^ _U64(0x646F72616E646F6D), dtype=_U64)
    v2 = np.full(count, k0 ^ _U64(0x6C7967656E657261), dtype=_U64)
    v3 = np.full(count, k1 ^ _U64(0x7465646279746573), dtype=_U64)
    full = length // 8 * 8
    for offset in range(0, full, 8):
        m = _fetch64(data, offset)
        v3 = v3 ^ m
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 = v0 ^ m
    tail = np.zeros((count, 8), dtype=np.uint8)
    tail[:, : length - full] = data[:, full:length]
    tail[:, 7] = length & 0xFF
    m = _fetch64(tail, 0)
    v3 = v3 ^ m
    v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
    v0 = v0 ^ m
    v2 = v2 ^ _U64(0xFF)
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def as_byte_strings(values) -> list:
    """Flat list of ``bytes``: text as UTF-8, ints as decimal text, floats truncated to
    ints first, booleans as ``true``/``false`` (``tf.strings.as_string`` conventions)."""
    array = np.asarray(values)
    flat = array.reshape(-1)
    kind = array.dtype.kind
    if kind == "b":
        return [b"true" if v else b"false" for v in flat.tolist()]
    if kind in "iu":
        return [str(v).encode() for v in flat.tolist()]
    if kind == "f":
        return [str(int(v)).encode() for v in np.trunc(flat).tolist()]
    out = []
    for v in flat.tolist():
        if isinstance(v, bytes):
            out.append(v)
        elif isinstance(v, str):
            out.append(v.encode("utf-8"))
        elif isinstance(v, (bool, np.bool_)):
            out.append(b"true" if v else b"false")
        elif isinstance(v, (int, np.integer)):
            out.append(str(int(v)).encode())
        elif isinstance(v, (float, np.floating)):
            out.append(str(int(v)).encode())
        else:
            raise TypeError(
                f"Cannot hash a value of type {type(v).__name__} ({v!r}): expected strings, "
                "bytes, integers or floats."
            )
    return out


def _hash_all(byte_strings, group_fn) -> np.ndarray:
    result = np.zeros(len(byte_strings), dtype=_U64)
    by_length: dict[int, list[int]] = {}
    for i, s in enumerate(byte_strings):
        by_length.setdefault(len(s), []).append(i)
    with np.errstate(over="ignore"):
        for length, positions in by_length.items():
            joined = b"".join(byte_strings[i] for i in positions)
            data = np.frombuffer(joined, dtype=np.uint8).reshape(len(positions), length)
            result[positions] = group_fn(data, length)
    return result


def fingerprint64(values) -> np.ndarray:
    """FarmHash ``Fingerprint64`` (uint64) of each value, flattened."""
    return _hash_all(as_byte_strings(values), _farmhash_group)


def siphash(values, key) -> np.ndarray:
    """SipHash-2-4 (uint64) of each value with the 128-bit key ``(key[0], key[1])``."""
    return _hash_all(as_byte_strings(values), lambda d, n: _siphash_group(d, n, key))


def hash_buckets(values, num_buckets, salt=None) -> np.ndarray:
    """Bucket in ``[0, num_buckets)`` of each value (shape kept), as int64.

    Without ``salt``: ``Fingerprint64 % num_buckets`` (``to_hash_bucket_fast``); with a
    two-int ``salt``: ``SipHash(salt) % num_buckets`` (``to_hash_bucket_strong``).
    """
    shape = np.shape(values)
    hashes = fingerprint64(values) if salt is None else siphash(values, salt)
    return (hashes % _U64(num_buckets)).astype(np.int64).reshape(shape)
