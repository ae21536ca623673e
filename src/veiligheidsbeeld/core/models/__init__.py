from .audit import *  # noqa: F401,F403
from .schedule import *  # noqa: F401,F403
from .tenancy import *  # noqa: F401,F403
