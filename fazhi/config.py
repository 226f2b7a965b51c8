"""Process-wide settings: where data lives, which database server, which addons paths.

Order of precedence: command line > environment (``FAZHI_*``) > defaults.
"""
import os
from pathlib import Path

_FRAMEWORK_ADDONS = str(Path(__file__).resolve().parent / "addons")
_REPO_ADDONS = Path(__file__).resolve().parent.parent / "addons"


def default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "fazhi")


class Config(dict):
    """A dict of settings with the defaults filled in from the environment."""

    def __init__(self):
        super().__init__()
        self.reset()

    def reset(self):
        self.clear()
        self["data_dir"] = os.environ.get("FAZHI_DATA_DIR") or default_data_dir()
        self["db_url"] = os.environ.get("FAZHI_DB_URL") or ""
        extra = os.environ.get("FAZHI_ADDONS_PATH") or ""
        self["addons_path"] = [p for p in extra.split(",") if p]
        self["admin_password"] = os.environ.get("FAZHI_ADMIN_PASSWORD") or ""
        self["master_password"] = os.environ.get("FAZHI_MASTER_PASSWORD") or ""
        self["dev_mode"] = bool(os.environ.get("FAZHI_DEV_MODE"))
        self["list_db"] = True
        self["without_demo"] = True

    def all_addons_paths(self) -> list:
        """Framework addons first, then the repository's addons, then the configured ones."""
        paths = [_FRAMEWORK_ADDONS]
        if _REPO_ADDONS.is_dir():
            paths.append(str(_REPO_ADDONS))
        for p in self["addons_path"]:
            p = os.path.abspath(os.path.expanduser(p))
            if p not in paths:
                paths.append(p)
        return paths

    def filestore(self, dbname: str) -> str:
        return os.path.join(self["data_dir"], "filestore", dbname)


config = Config()
