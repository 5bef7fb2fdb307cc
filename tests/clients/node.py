"""Node tools the client and lint tests run, installed by `npm ci` from the lock files
under ``clients/`` (``.ci/run`` does it).

Outside CI a machine without node, or without the installed packages, skips these tests
with the command that installs them; in CI (``CI=true``) their absence fails the run.
"""

import os
import shutil
import subprocess
from pathlib import Path

from briefings.config import PROJECT_ROOT
from browser import missing

CLIENTS = PROJECT_ROOT / "clients"
# Nothing may call home from a test: Redocly's telemetry and update check are off.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
TOOL_SECONDS = 300


def node() -> str:
    found = shutil.which("node")
    if found is None:
        missing("node is not installed")
        raise AssertionError("unreachable")
    return found


def tool(folder: str, name: str) -> Path:
    """An installed package's command in ``clients/<folder>``."""
    node()
    path = CLIENTS / folder / "node_modules" / ".bin" / name
    if not path.exists():
        missing(f"{name} is not installed: run `npm ci` in clients/{folder}")
    return path


def run(command: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A node command, with ``env`` added to the environment; its output is the assertion
    message when it fails."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **QUIET, **env},
        capture_output=True,
        text=True,
        timeout=TOOL_SECONDS,
        check=False,
    )
    output = f"{done.stdout}\n{done.stderr}"
    assert done.returncode == 0, f"{command[0]} exited {done.returncode}:\n{output}"
    return done
