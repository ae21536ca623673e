from .cases import *  # noqa: F401,F403
from .cases import __all__ as _cases
from .sharing import *  # noqa: F401,F403
from .sharing import __all__ as _sharing
from .work import *  # noqa: F401,F403
from .work import __all__ as _work
from .wvggz import *  # noqa: F401,F403
from .wvggz import __all__ as _wvggz
from .topx import *  # noqa: F401,F403
from .topx import __all__ as _topx

from .escalation import *  # noqa: F401,F403
from .escalation import __all__ as _escalation

__all__ = [*_cases, *_sharing, *_work, *_wvggz, *_topx, *_escalation]
