# presensi: the web app (webhooks, health, admin API). Build: docker build -t presensi .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/presensi.db \
    MEDIA_DIR=/data/media

WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
COPY webhooks ./webhooks
COPY presensi ./presensi
# dlib-bin is dlib as a binary wheel; face-recognition itself goes in without its dependencies,
# whose dlib would otherwise compile from source for many minutes.
RUN pip install ".[face]" && pip install --no-deps face-recognition==1.3.0 \
    && useradd --create-home --uid 10001 presensi \
    && mkdir -p /data && chown presensi /data

USER presensi
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["sh", "-c", "presensi db upgrade && exec presensi serve --host 0.0.0.0 --port 8000"]
