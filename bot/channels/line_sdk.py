"""The parts of line-bot-sdk 3 the LINE channel uses, loaded without the SDK's package __init__ files.

The channel sends plain JSON bodies through the SDK's REST client (its aiohttp session and connection pool, which
raises ApiException for a non-2xx answer), configured by the SDK's Configuration. Importing those modules the
usual way would first run `linebot/__init__.py` (the deprecated v2 API and requests), `linebot/v3/__init__.py`
(every webhook model) and `linebot/v3/messaging/__init__.py` (every Messaging API model and API class): some
30 MB of pydantic classes in every serving process, for nothing it uses.

So those three packages are registered here without running their __init__: their submodules import as usual,
and the first name asked of such a package itself (`from linebot.v3.messaging import TextMessage` anywhere else
in the process, a test for instance) runs its __init__ then, so no other importer sees a difference.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from typing import Any

_UNRUN_PACKAGES = ("linebot", "linebot.v3", "linebot.v3.messaging")
_lock = threading.RLock()


def _register_unrun(name: str) -> None:
    """Put package `name` in sys.modules with its __path__ but without running its __init__ (yet)."""
    if name in sys.modules:
        return  # imported for real already
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not an installed package")
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def complete(attribute: str) -> Any:
        # A name the package's own __init__ would have defined: run it now (once), then answer as usual.
        with _lock:
            if module.__dict__.get("__getattr__") is complete:
                del module.__dict__["__getattr__"]
                loader.exec_module(module)
        return module.__dict__[attribute] if attribute in module.__dict__ else _missing(name, attribute)

    module.__dict__["__getattr__"] = complete
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _missing(package: str, attribute: str) -> Any:
    raise AttributeError(f"module {package!r} has no attribute {attribute!r}")


def _register_all() -> None:
    with _lock:
        for name in _UNRUN_PACKAGES:
            _register_unrun(name)


_register_all()

# After the registration on purpose: these load the submodules alone.
from linebot.__about__ import __version__ as SDK_VERSION  # noqa: E402
from linebot.v3.messaging.async_rest import RESTClientObject  # noqa: E402
from linebot.v3.messaging.configuration import Configuration  # noqa: E402
from linebot.v3.messaging.exceptions import ApiException  # noqa: E402


class ApiClient:
    """What the channel used of the SDK's AsyncApiClient: the REST client and the headers of every request.

    (AsyncApiClient itself imports every model, for the (de)serialisation the channel does not use.)
    """

    def __init__(self, configuration: Any) -> None:
        self.rest_client = RESTClientObject(configuration)
        # As AsyncApiClient sets them.
        self.default_headers = {
            "Authorization": "Bearer " + configuration.access_token,
            "User-Agent": f"line-bot-sdk-python/{SDK_VERSION}",
        }

    async def close(self) -> None:
        await self.rest_client.close()


__all__ = ["SDK_VERSION", "ApiClient", "ApiException", "Configuration", "RESTClientObject"]
