from .cameras import *  # noqa: F403
from .demonstrations import *  # noqa: F403
from .events import *  # noqa: F403
from .operations import *  # noqa: F403
from .settings import *  # noqa: F403
from .tension import *  # noqa: F403
from .youth import *  # noqa: F403
