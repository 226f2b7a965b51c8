import importlib.util
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "rpc"))

from platform_sim import PlatformSimulator  # noqa: E402


def load_worker():
    """scripts/xinyong_exchange.py as a module (it is a script, not a package)."""
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    spec = importlib.util.spec_from_file_location("xinyong_exchange", os.path.join(REPO, "scripts",
                                                                                    "xinyong_exchange.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def platform():
    sim = PlatformSimulator(hold_seconds=3.0).start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def worker():
    return load_worker()
