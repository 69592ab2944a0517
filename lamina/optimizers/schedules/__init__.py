"""Learning-rate schedules (``keras.optimizers.schedules``)."""

from lamina.optimizers.schedules.learning_rate_schedule import CosineDecay as CosineDecay
from lamina.optimizers.schedules.learning_rate_schedule import (
    CosineDecayRestarts as CosineDecayRestarts,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    ExponentialDecay as ExponentialDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    InverseTimeDecay as InverseTimeDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule as LearningRateSchedule,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    PiecewiseConstantDecay as PiecewiseConstantDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import (
    PolynomialDecay as PolynomialDecay,
)
from lamina.optimizers.schedules.learning_rate_schedule import deserialize as deserialize
from lamina.optimizers.schedules.learning_rate_schedule import serialize as serialize
