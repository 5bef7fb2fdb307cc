# syntax=docker/dockerfile:1

# --- build: resolve the locked environment with uv -------------------------------------
FROM python:3.11-slim-bookworm AS builder

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /bin/uv

# Compile bytecode once here (the runtime tree is read-only to the app user); copy
# instead of hard-linking from the cache mount; use the image's Python, never download one.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# Dependencies first: this layer is reused until pyproject.toml or uv.lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --locked --no-dev --no-install-project

# The project itself, installed editable on purpose: the venv's .pth points at
# /app/src, so briefings.config.PROJECT_ROOT is /app, where alembic.ini, alembic/ and
# seeds/ are copied below.
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev

# --- runtime: the venv and the files the server reads, nothing else --------------------
FROM python:3.11-slim-bookworm

RUN groupadd --system --gid 10001 briefings \
    && useradd --system --uid 10001 --gid briefings --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin briefings \
    && mkdir /data \
    && chown briefings:briefings /data

WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY --from=builder /app/src /app/src
COPY alembic.ini ./
COPY alembic ./alembic
COPY seeds ./seeds

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BRIEFINGS_DATABASE_URL=sqlite:////data/briefings.db \
    BRIEFINGS_SEEDS_DIR=/app/seeds

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

CMD ["briefings", "serve", "--host", "0.0.0.0"]
