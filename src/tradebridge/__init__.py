"""tradebridge: an observatory of the economic relations between a country and a trade bloc.

Built first for the Republic of Korea (KOR) and the Pacific Alliance (CHL, COL, MEX, PER); any
reporter and bloc work the same way. See ``DESIGN.md`` in the shared folder for the data flow:
sources -> store -> analysis -> evidence -> report / web, with a thin CLI on top.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tradebridge")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
