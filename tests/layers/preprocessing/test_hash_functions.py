"""FarmHash Fingerprint64 / SipHash-2-4 against published reference values."""

import numpy as np

from lamina.layers.preprocessing._hash_functions import fingerprint64, hash_buckets, siphash

# Fingerprint64 values from Google's FarmHash (via the pyfarmhash bindings), covering
# every length branch: 0, 1-3, 4-7, 8-16, 17-32, 33-64, and the >64 loop.
FARMHASH = [
    ("", 11160318154034397263),
    ("a", 12917804110809363939),
    ("abc", 2640714258260161385),
    ("abcdefg", 4341691227789030229),
    ("hello world!", 4577883861590986596),
    ("x" * 20, 8233088228747857348),
    ("lamina " * 6, 10953925090875945590),
    ("q" * 64, 17062660539388978295),
    ("The quick brown fox jumps over the lazy dog" * 3, 7943048688984171807),
    ("\u00e9" * 100, 5454368170614913498),
]


def test_fingerprint64_reference_values():
    strings = [s for s, _ in FARMHASH]
    expected = np.array([h for _, h in FARMHASH], dtype=np.uint64)
    np.testing.assert_array_equal(fingerprint64(strings), expected)
    np.testing.assert_array_equal(fingerprint64([s.encode() for s in strings]), expected)


def test_siphash_reference_vector():
    # SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e.
    key = (0x0706050403020100, 0x0F0E0D0C0B0A0908)
    assert int(siphash([bytes(range(15))], key)[0]) == 0xA129CA6149BE45E5


def test_numbers_hash_as_decimal_text():
    np.testing.assert_array_equal(hash_buckets(np.array([[12], [-7]]), 97),
                                  hash_buckets([["12"], ["-7"]], 97))
    np.testing.assert_array_equal(hash_buckets(np.array([2.9, -3.5]), 97),
                                  hash_buckets(["2", "-3"], 97))
    assert hash_buckets(np.zeros((2, 0), "int32"), 5).shape == (2, 0)
