# The scoring story, for the emulation report tests.
from frontnet.scoring.tests.conftest import criteria, story  # noqa: F401
