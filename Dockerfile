# The portal's image: one image for web (gunicorn), worker and beat (Celery), as in the Procfile; compose.yaml
# starts them with PostgreSQL and Redis. Build: `docker build -t partnerportaal .`
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext for the compiled catalogues (the .mo files are not in git).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21-* \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /srv/partnerportaal --uid 10001 partnerportaal
WORKDIR /srv/partnerportaal/app

# The pinned runtime requirements first: this layer stays cached while only the code changes.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=partnerportaal:partnerportaal . .
# Build-time only: compile the catalogues and collect the static files (whitenoise serves them, hashed and
# compressed). The secret here signs nothing; the real one comes from the environment at run time.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost STATIC_ROOT=/srv/partnerportaal/static \
        python manage.py compilemessages --ignore='.venv*' \
    && DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost STATIC_ROOT=/srv/partnerportaal/static \
        python manage.py collectstatic --noinput \
    && mkdir -p /srv/partnerportaal/media /srv/partnerportaal/app/var \
    && chown partnerportaal:partnerportaal /srv/partnerportaal/media /srv/partnerportaal/app/var

USER 10001
ENV STATIC_ROOT=/srv/partnerportaal/static \
    MEDIA_ROOT=/srv/partnerportaal/media \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD ["python", "deploy/container_healthcheck.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
