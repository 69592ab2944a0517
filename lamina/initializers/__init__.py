"""Weight initializers (``lamina.initializers.GlorotUniform``...) and their lookup.

Each class is also reachable under its Keras snake_case alias (``glorot_uniform``...).
"""

from lamina.initializers.aliases import IdentityInitializer as IdentityInitializer
from lamina.initializers.aliases import OrthogonalInitializer as OrthogonalInitializer
from lamina.initializers.aliases import STFTInitializer as STFTInitializer
from lamina.initializers.aliases import constant as constant
from lamina.initializers.aliases import glorot_normal as glorot_normal
from lamina.initializers.aliases import glorot_uniform as glorot_uniform
from lamina.initializers.aliases import he_normal as he_normal
from lamina.initializers.aliases import he_uniform as he_uniform
from lamina.initializers.aliases import identity as identity
from lamina.initializers.aliases import lecun_normal as lecun_normal
from lamina.initializers.aliases import lecun_uniform as lecun_uniform
from lamina.initializers.aliases import ones as ones
from lamina.initializers.aliases import orthogonal as orthogonal
from lamina.initializers.aliases import random_normal as random_normal
from lamina.initializers.aliases import random_uniform as random_uniform
from lamina.initializers.aliases import stft as stft
from lamina.initializers.aliases import truncated_normal as truncated_normal
from lamina.initializers.aliases import variance_scaling as variance_scaling
from lamina.initializers.aliases import zeros as zeros
from lamina.initializers.constant_initializers import Constant as Constant
from lamina.initializers.constant_initializers import Identity as Identity
from lamina.initializers.constant_initializers import Ones as Ones
from lamina.initializers.constant_initializers import Zeros as Zeros
from lamina.initializers.initializer import Initializer as Initializer
from lamina.initializers.lookup import deserialize as deserialize
from lamina.initializers.lookup import get as get
from lamina.initializers.lookup import serialize as serialize
from lamina.initializers.orthogonal import Orthogonal as Orthogonal
from lamina.initializers.random_initializers import GlorotNormal as GlorotNormal
from lamina.initializers.random_initializers import GlorotUniform as GlorotUniform
from lamina.initializers.random_initializers import HeNormal as HeNormal
from lamina.initializers.random_initializers import HeUniform as HeUniform
from lamina.initializers.random_initializers import LecunNormal as LecunNormal
from lamina.initializers.random_initializers import LecunUniform as LecunUniform
from lamina.initializers.random_initializers import RandomNormal as RandomNormal
from lamina.initializers.random_initializers import RandomUniform as RandomUniform
from lamina.initializers.random_initializers import TruncatedNormal as TruncatedNormal
from lamina.initializers.random_initializers import VarianceScaling as VarianceScaling
from lamina.initializers.stft import STFT as STFT
