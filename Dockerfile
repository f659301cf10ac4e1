# One image for every Fluxrate service; the command picks the service
# (fluxrate-identity, fluxrate-catalog, fluxrate-ingest, fluxrate-aggregator,
#  fluxrate-subscriptions, fluxrate-invoicing, or `fluxrate gateway` / `fluxrate migrate`).
FROM python:3.12-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never PIP_NO_CACHE_DIR=1
RUN pip install uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY libs libs
COPY services services
COPY src src
COPY sdks sdks
RUN uv sync --frozen --all-packages --no-dev --no-editable

FROM python:3.12-slim
RUN useradd --system --uid 10001 --home /app fluxrate
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 FLUXRATE_HTTP_PORT=8080
USER 10001
EXPOSE 8080
CMD ["fluxrate", "--help"]
