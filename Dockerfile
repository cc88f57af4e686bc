# dismark explorer + CLI. Used by docker-compose.yml (services `app` and `loader`).
# Base pinned to one Python patch release on Debian 13 (trixie); bump on purpose.
FROM python:3.12.15-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# Unprivileged runtime user (fixed ids so volume ownership is predictable).
RUN groupadd --system --gid 10001 dismark \
 && useradd --system --uid 10001 --gid dismark \
      --create-home --home-dir /home/dismark --shell /usr/sbin/nologin dismark

WORKDIR /app

# 1) Third-party dependencies only: the runtime lock, every file checked against its hash.
#    This layer is rebuilt only when requirements.lock changes.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# 2) The project itself, without its dependencies (they are the locked ones above), built
#    by the locked setuptools. .dockerignore keeps out .env, local stores and every data/
#    folder except data/demo, so `COPY . .` also brings in data/demo.
COPY . .
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
 && pip check \
 && rm -rf build ./*.egg-info \
 && test -d data/demo \
 && chown dismark:dismark data \
 && install -d -m 0700 -o dismark -g dismark /var/lib/dismark/audit /var/lib/dismark/audit-head \
      /var/lib/dismark/passwords

# The audit log, its head copy and the explorer's password file (named volumes in
# docker-compose.yml): created here owned by the runtime user, 0700, so a fresh volume starts
# out owned by it and closed to others.
VOLUME ["/var/lib/dismark/audit", "/var/lib/dismark/audit-head", "/var/lib/dismark/passwords"]

USER 10001:10001

EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# 0.0.0.0 inside the container (compose publishes it on the host's 127.0.0.1 only): beyond
# loopback the explorer needs a sign-in, so run the image with DISMARK_PASSWORDS_FILE (a file
# from `dismark users set`, mounted read-only) or a secrets.toml with [auth]; without one it
# shows nothing but how to configure it (docs/security.md, "Who can reach the explorer").
CMD ["streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0", "--server.headless", "true", "--client.disableDataExport", "true"]
