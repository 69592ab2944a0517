"""Losses (``lamina.losses.MeanSquaredError``...), their function forms, and lookup."""

from lamina.losses.circle_loss import Circle as Circle
from lamina.losses.circle_loss import circle as circle
from lamina.losses.ctc_loss import CTC as CTC
from lamina.losses.ctc_loss import ctc as ctc
from lamina.losses.focal_losses import BinaryFocalCrossentropy as BinaryFocalCrossentropy
from lamina.losses.focal_losses import (
    CategoricalFocalCrossentropy as CategoricalFocalCrossentropy,
)
from lamina.losses.focal_losses import binary_focal_crossentropy as binary_focal_crossentropy
from lamina.losses.focal_losses import (
    categorical_focal_crossentropy as categorical_focal_crossentropy,
)
from lamina.losses.generalized_crossentropy import (
    CategoricalGeneralizedCrossEntropy as CategoricalGeneralizedCrossEntropy,
)
from lamina.losses.generalized_crossentropy import (
    categorical_generalized_cross_entropy as categorical_generalized_cross_entropy,
)
from lamina.losses.hinge_losses import CategoricalHinge as CategoricalHinge
from lamina.losses.hinge_losses import Hinge as Hinge
from lamina.losses.hinge_losses import SquaredHinge as SquaredHinge
from lamina.losses.hinge_losses import categorical_hinge as categorical_hinge
from lamina.losses.hinge_losses import hinge as hinge
from lamina.losses.hinge_losses import squared_hinge as squared_hinge
from lamina.losses.lookup import deserialize as deserialize
from lamina.losses.lookup import get as get
from lamina.losses.lookup import serialize as serialize
from lamina.losses.loss import Loss as Loss
from lamina.losses.loss import LossFunctionWrapper as LossFunctionWrapper
from lamina.losses.probabilistic import BinaryCrossentropy as BinaryCrossentropy
from lamina.losses.probabilistic import CategoricalCrossentropy as CategoricalCrossentropy
from lamina.losses.probabilistic import KLDivergence as KLDivergence
from lamina.losses.probabilistic import Poisson as Poisson
from lamina.losses.probabilistic import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from lamina.losses.probabilistic import binary_crossentropy as binary_crossentropy
from lamina.losses.probabilistic import categorical_crossentropy as categorical_crossentropy
from lamina.losses.probabilistic import kl_divergence as kl_divergence
from lamina.losses.probabilistic import poisson as poisson
from lamina.losses.probabilistic import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from lamina.losses.regression import CosineSimilarity as CosineSimilarity
from lamina.losses.regression import Huber as Huber
from lamina.losses.regression import LogCosh as LogCosh
from lamina.losses.regression import MeanAbsoluteError as MeanAbsoluteError
from lamina.losses.regression import (
    MeanAbsolutePercentageError as MeanAbsolutePercentageError,
)
from lamina.losses.regression import MeanSquaredError as MeanSquaredError
from lamina.losses.regression import (
    MeanSquaredLogarithmicError as MeanSquaredLogarithmicError,
)
from lamina.losses.regression import cosine_similarity as cosine_similarity
from lamina.losses.regression import huber as huber
from lamina.losses.regression import log_cosh as log_cosh
from lamina.losses.regression import mean_absolute_error as mean_absolute_error
from lamina.losses.regression import (
    mean_absolute_percentage_error as mean_absolute_percentage_error,
)
from lamina.losses.regression import mean_squared_error as mean_squared_error
from lamina.losses.regression import (
    mean_squared_logarithmic_error as mean_squared_logarithmic_error,
)
from lamina.losses.segmentation_losses import Dice as Dice
from lamina.losses.segmentation_losses import Tversky as Tversky
from lamina.losses.segmentation_losses import dice as dice
from lamina.losses.segmentation_losses import tversky as tversky
from lamina.losses.shapes import IncompatibleShapesError as IncompatibleShapesError

