"""Weight constraints (``lamina.constraints.MaxNorm``...) and their lookup."""

from lamina.constraints.constraints import Constraint as Constraint
from lamina.constraints.constraints import MaxNorm as MaxNorm
from lamina.constraints.constraints import MinMaxNorm as MinMaxNorm
from lamina.constraints.constraints import NonNeg as NonNeg
from lamina.constraints.constraints import UnitNorm as UnitNorm
from lamina.constraints.constraints import max_norm as max_norm
from lamina.constraints.constraints import min_max_norm as min_max_norm
from lamina.constraints.constraints import non_neg as non_neg
from lamina.constraints.constraints import unit_norm as unit_norm
from lamina.constraints.lookup import deserialize as deserialize
from lamina.constraints.lookup import get as get
from lamina.constraints.lookup import serialize as serialize
