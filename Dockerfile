# presensi: the web app (webhooks, health, admin API) and the face workers, in one image.
#
#   docker build -t presensi .                          dlib as its prebuilt wheel (dlib-bin)
#   docker build -t presensi --build-arg DLIB_BLAS=1 .  dlib built here with OpenBLAS: a face
#                                                       encoding in ~13 ms instead of ~65 ms
#   ... --build-arg DLIB_BLAS=1 --build-arg CPU_LEVEL=x86-64-v2   for CPUs without AVX2/FMA
#
# compose.yaml runs it as PostgreSQL, Redis, the migration job, N servers and M face workers.

ARG PYTHON_VERSION=3.11

# --- build: a virtual environment with every dependency, then the project ------------------
FROM python:${PYTHON_VERSION}-slim AS build
ARG DLIB_BLAS=0
# The instruction set dlib is compiled for. x86-64-v3 (AVX2, FMA) keeps HOG detection fast;
# GCC 12 with plain -mavx made it 2.4x slower.
ARG CPU_LEVEL=x86-64-v3
ARG DLIB_VERSION=20.0.0
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv && pip install --upgrade pip setuptools wheel

# dlib with OpenBLAS, only when asked: 5-8 minutes on two cores, in its own layer.
RUN if [ "$DLIB_BLAS" = "1" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends build-essential cmake libopenblas-dev liblapack-dev \
      && pip download --no-deps --no-binary :all: "dlib==${DLIB_VERSION}" -d /tmp/dlib \
      && cd /tmp/dlib && tar xzf dlib-*.tar.gz && cd dlib-${DLIB_VERSION} \
      && CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" python setup.py bdist_wheel \
           --set DLIB_USE_BLAS=ON --set DLIB_USE_LAPACK=ON --set DLIB_NO_GUI_SUPPORT=ON \
           --no USE_AVX_INSTRUCTIONS --compiler-flags "-march=${CPU_LEVEL}" \
      && pip install dist/dlib-*.whl \
      && rm -rf /tmp/dlib /var/lib/apt/lists/*; \
    fi

# The dependencies from pyproject.toml alone, before any source: a change to the code reuses
# this layer instead of installing numpy, matplotlib and dlib again. face-recognition goes in
# without its dependencies: its dlib would compile from source.
WORKDIR /src
COPY pyproject.toml ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
print('\n'.join(p['dependencies'] + p['optional-dependencies']['face'] + p['optional-dependencies']['s3']))" > requirements.txt \
    && if [ "$DLIB_BLAS" = "1" ]; then sed -i '/^dlib-bin/d' requirements.txt; fi \
    && pip install -r requirements.txt \
    && pip install --no-deps face-recognition==1.3.0

COPY README.md ./
COPY core ./core
COPY bot ./bot
COPY webhooks ./webhooks
COPY presensi ./presensi
RUN pip install --no-deps .

# --- runtime: the environment and what it needs to run, nothing to build with --------------
FROM python:${PYTHON_VERSION}-slim
ARG DLIB_BLAS=0
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    # One BLAS thread per process: the face pool already runs one process per core.
    OPENBLAS_NUM_THREADS=1 \
    DATABASE_URL=sqlite:////data/presensi.db \
    MEDIA_DIR=/data/media
RUN if [ "$DLIB_BLAS" = "1" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends libopenblas0-pthread liblapack3 \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && useradd --create-home --uid 10001 presensi \
    && mkdir -p /data && chown presensi /data
COPY --from=build /opt/venv /opt/venv

USER presensi
WORKDIR /home/presensi
VOLUME /data
EXPOSE 8000
# The start period covers the migration and the face pool loading its models in every worker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# One container alone migrates, then serves; compose.yaml migrates once in its own job.
CMD ["sh", "-c", "presensi db upgrade && exec presensi serve --host 0.0.0.0 --port 8000"]
