"""Keras' other names for the initializer classes (``glorot_uniform`` is ``GlorotUniform``).

>>> glorot_uniform is GlorotUniform
True
"""

from lamina.initializers.constant_initializers import Constant, Identity, Ones, Zeros
from lamina.initializers.orthogonal import Orthogonal
from lamina.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
)
from lamina.initializers.stft import STFT

constant = Constant
IdentityInitializer = Identity
identity = Identity
ones = Ones
zeros = Zeros
OrthogonalInitializer = Orthogonal
orthogonal = Orthogonal
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
STFTInitializer = STFT
stft = STFT
