from .barriers import *  # noqa: F403
from .bedrijventerreinen import *  # noqa: F403
from .bibob import *  # noqa: F403
from .dossiers import *  # noqa: F403
from .indicators import *  # noqa: F403
from .signals import *  # noqa: F403
