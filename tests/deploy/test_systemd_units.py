"""The systemd units shipped in deploy/: each fazhi process supervised, restarted on failure, run
as the unprivileged ``fazhi`` user with the shared environment file, and started with a command
line the fazhi CLI accepts (after substituting the example environment)."""
import configparser
import re
import shlex
from pathlib import Path

import pytest

from fazhi import cli

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _unit(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str
    parser.read(path)
    return parser


def _example_env():
    values = {}
    for line in (DEPLOY / "fazhi.env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def test_server_workers_and_beat_are_all_shipped():
    assert {p.name for p in UNITS} == {"fazhi.service", "fazhi-worker@.service", "fazhi-beat.service"}


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_unit_is_supervised_unprivileged_and_shares_the_environment(path):
    service = _unit(path)["Service"]
    assert service["Restart"] in ("always", "on-failure")
    assert float(service["RestartSec"]) > 0
    assert service["User"] == "fazhi" != "root"
    assert service["EnvironmentFile"] == "/etc/fazhi/fazhi.env"
    assert "/var/lib/fazhi" in service["ReadWritePaths"]          # the data directory they share


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_command_line_is_accepted_by_the_cli(path):
    env = _example_env()
    command = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], _unit(path)["Service"]["ExecStart"])
    argv = shlex.split(command)
    assert argv[0].endswith("/bin/fazhi")
    args = cli._parser().parse_args(argv[1:])
    assert args.command in ("serve", "worker", "beat")


def test_workers_and_beat_restart_even_after_a_clean_exit():
    # a worker that gives up (broker gone for good) exits 0 or 1: either way it must come back
    for name in ("fazhi-worker@.service", "fazhi-beat.service"):
        assert _unit(DEPLOY / "systemd" / name)["Service"]["Restart"] == "always"
