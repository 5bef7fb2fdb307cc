"""`briefings --help`: every command says what it does, its defaults and the environment
variables it reads, and asking for help loads nothing of the server."""

import subprocess
import sys

import pytest

from briefings import __version__, cli
from briefings.config import Settings
from briefings.seeding import ORIGINS

COMMANDS = ["serve", "migrate", "seed", "prune", "check-seeds", "generate"]


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Option help wraps at the terminal's width; wide enough to keep a default whole."""
    monkeypatch.setenv("COLUMNS", "200")


def help_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_the_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert help_of(["--version"], capsys).strip() == f"briefings {__version__}"


def test_the_top_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(["--help"], capsys)
    assert all(command in text for command in COMMANDS)
    assert "BRIEFINGS_" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_and_its_environment(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_of([command, "--help"], capsys)
    usage, description, *_ = text.split("\n\n")
    assert usage.startswith(f"usage: briefings {command}")
    assert len(description.split()) >= 10
    assert "environment:\n" in text
    reads_seeds_only = command == "check-seeds"
    assert ("BRIEFINGS_DATABASE_URL (default: sqlite:///briefings.db)" in text) != reads_seeds_only


def test_serve_shows_its_defaults_and_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of(["serve", "--help"], capsys)
    for default in ("(default: 127.0.0.1)", "(default: 8000)", "(default: 1)"):
        assert default in text
    assert "--root-path" in text
    for field in Settings.model_fields:
        assert f"BRIEFINGS_{field.upper()} (default: " in text


def test_help_loads_neither_the_framework_nor_the_database_layer() -> None:
    probe = (
        "import sys\n"
        "from briefings.cli import main\n"
        "try:\n"
        "    main(['serve', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('fastapi', 'starlette', 'sqlalchemy', 'alembic', 'uvicorn')"
        " if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stderr.strip() == "[]"


def test_prune_offers_exactly_the_origins_the_loader_knows() -> None:
    assert cli.ORIGINS == ORIGINS
