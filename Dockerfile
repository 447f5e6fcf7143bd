FROM python:3.11-slim
WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install --no-cache-dir -e . && useradd --system lab && mkdir -p /srv/var && chown lab /srv/var
USER lab
EXPOSE 8000
CMD ["solutions-lab", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
