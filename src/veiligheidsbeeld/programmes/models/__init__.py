from .budgets import *
from .kpis import *
from .measures import *
