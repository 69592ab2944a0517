"""Optimizers (``keras.optimizers``): Keras 3 names and state, optax maths."""

from lamina.optimizers import schedules as schedules
from lamina.optimizers.adadelta import Adadelta as Adadelta
from lamina.optimizers.adafactor import Adafactor as Adafactor
from lamina.optimizers.adagrad import Adagrad as Adagrad
from lamina.optimizers.adam import Adam as Adam
from lamina.optimizers.adamax import Adamax as Adamax
from lamina.optimizers.adamw import AdamW as AdamW
from lamina.optimizers.ftrl import Ftrl as Ftrl
from lamina.optimizers.lamb import Lamb as Lamb
from lamina.optimizers.lion import Lion as Lion
from lamina.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer
from lamina.optimizers.muon import Muon as Muon
from lamina.optimizers.nadam import Nadam as Nadam
from lamina.optimizers.optax_optimizer import OptaxOptimizer as OptaxOptimizer
from lamina.optimizers.optimizer import Optimizer as Optimizer
from lamina.optimizers.rmsprop import RMSprop as RMSprop
from lamina.optimizers.schedule_free_adamw import ScheduleFreeAdamW as ScheduleFreeAdamW
from lamina.optimizers.serialization import deserialize as deserialize
from lamina.optimizers.serialization import get as get
from lamina.optimizers.serialization import serialize as serialize
from lamina.optimizers.sgd import SGD as SGD
