from .profiles import *  # noqa: F401,F403
from .enrolment import *  # noqa: F401,F403
from .tokens import *  # noqa: F401,F403
