"""Weight regularizers (``lamina.regularizers.L2``...) and their lookup."""

from lamina.regularizers.lookup import deserialize as deserialize
from lamina.regularizers.lookup import get as get
from lamina.regularizers.lookup import serialize as serialize
from lamina.regularizers.regularizers import L1 as L1
from lamina.regularizers.regularizers import L1L2 as L1L2
from lamina.regularizers.regularizers import L2 as L2
from lamina.regularizers.regularizers import OrthogonalRegularizer as OrthogonalRegularizer
from lamina.regularizers.regularizers import Regularizer as Regularizer
from lamina.regularizers.regularizers import l1 as l1
from lamina.regularizers.regularizers import l1_l2 as l1_l2
from lamina.regularizers.regularizers import l2 as l2
from lamina.regularizers.regularizers import orthogonal_regularizer as orthogonal_regularizer
