# syntax=docker/dockerfile:1
#
# The knada-bot image: `knada-bot serve` on port 8080, as an unprivileged user.
#
# Two stages. The build stage installs the exact dependency set of requirements.lock (every file checked
# against its hash, wheels only, so no compiler is needed anywhere) and then the project itself, into a
# virtual environment. The runtime stage is a fresh slim Python with nothing but that environment copied in.
#
# tests/test_deploy.py runs the build stage's RUN lines in a fresh virtual environment, so keep them plain
# shell that works outside Docker too. Build: docker build -t knada-bot .

FROM python:3.11-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
RUN python -m venv /opt/venv

# Dependencies first, in a layer of their own: it is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: -r requirements.lock

# The project, without resolving anything again: the lock above is the whole dependency set, and
# `pip check` fails the build if pyproject.toml gained a dependency the lock lacks. setuptools is in the
# lock only to build this project; it goes before the environment is copied.
COPY pyproject.toml README.md ./
COPY bot/ bot/
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation ".[postgres]" \
    && /opt/venv/bin/pip check \
    && /opt/venv/bin/pip uninstall --yes setuptools


FROM python:3.11-slim-bookworm

LABEL org.opencontainers.image.title="knada-bot" \
      org.opencontainers.image.description="Slack bot that turns #knada requests into pull requests against the JupyterHub config repo"

# A fixed numeric id, so that Kubernetes' runAsNonRoot can check it; the home holds the SQLite file of a
# single-replica `docker run` (the default DATABASE_URL is relative to the working directory).
RUN groupadd --system --gid 10001 knada \
    && useradd --system --uid 10001 --gid knada --home-dir /var/lib/knada-bot --create-home \
       --shell /usr/sbin/nologin knada

COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8080

WORKDIR /var/lib/knada-bot
USER 10001:10001
EXPOSE 8080

# Exec form: knada-bot is PID 1 and gets SIGTERM itself (it stops HTTP, then lets the worker finish).
ENTRYPOINT ["knada-bot"]
CMD ["serve"]
