from .actions import *  # noqa: F403
from .awareness import *  # noqa: F403
from .crisis import *  # noqa: F403
from .incidents import *  # noqa: F403
from .actions import __all__ as _a
from .awareness import __all__ as _w
from .crisis import __all__ as _c
from .incidents import __all__ as _i

__all__ = [*_a, *_w, *_c, *_i]
