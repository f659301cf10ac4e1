# syntax=docker/dockerfile:1
# One image for every Fluxrate process; the command picks it: fluxrate-identity, fluxrate-catalog,
# fluxrate-ingest, fluxrate-aggregator, fluxrate-subscriptions, fluxrate-invoicing,
# fluxrate-webhooks, `fluxrate web`
# (the dashboard), `fluxrate gateway`, `fluxrate migrate`, `fluxrate secrets`. The development
# stack (embedded PostgreSQL, broker and SMTP sink: the `devstack` extra) is not installed.
# Layers go from what changes least to what changes most: base images, locked dependencies,
# then the code.
ARG PYTHON_IMAGE=python:3.12.8-slim-bookworm
ARG NODE_IMAGE=node:20.18.1-bookworm-slim

# The dashboard: a static single-page app built once, served by `fluxrate web`.
FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM ${PYTHON_IMAGE} AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv PIP_NO_CACHE_DIR=1
RUN pip install uv==0.13.8
WORKDIR /src
# Dependencies only: this layer is rebuilt when uv.lock or a pyproject.toml changes, not the code.
COPY pyproject.toml uv.lock README.md ./
COPY libs/fluxrate_common/pyproject.toml libs/fluxrate_common/
COPY services/identity/pyproject.toml services/identity/
COPY services/catalog/pyproject.toml services/catalog/
COPY services/ingest/pyproject.toml services/ingest/
COPY services/aggregator/pyproject.toml services/aggregator/
COPY services/subscriptions/pyproject.toml services/subscriptions/
COPY services/invoicing/pyproject.toml services/invoicing/
COPY services/webhooks/pyproject.toml services/webhooks/
COPY sdks/python/pyproject.toml sdks/python/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --all-packages --no-dev --no-install-workspace
COPY libs libs
COPY services services
COPY src src
COPY sdks sdks
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --all-packages --no-dev --no-editable

FROM ${PYTHON_IMAGE}
RUN groupadd --system --gid 10001 fluxrate \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home fluxrate \
    && install -d -o 10001 -g 10001 -m 0755 /var/lib/fluxrate/secrets
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY --from=web /web/dist /app/web/dist
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 FLUXRATE_HTTP_PORT=8080
USER 10001:10001
EXPOSE 8080
# For docker and compose; Kubernetes uses the probes in deploy/k8s instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FLUXRATE_HTTP_PORT', '8080'), timeout=2)"]
CMD ["fluxrate", "--help"]
