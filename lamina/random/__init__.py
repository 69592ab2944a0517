"""``lamina.random``: seeded random tensors (Keras 3 names)."""

from lamina.core.random import SeedGenerator as SeedGenerator
from lamina.random.random_ops import beta as beta
from lamina.random.random_ops import binomial as binomial
from lamina.random.random_ops import categorical as categorical
from lamina.random.random_ops import dropout as dropout
from lamina.random.random_ops import gamma as gamma
from lamina.random.random_ops import normal as normal
from lamina.random.random_ops import randint as randint
from lamina.random.random_ops import shuffle as shuffle
from lamina.random.random_ops import truncated_normal as truncated_normal
from lamina.random.random_ops import uniform as uniform
