#!/bin/sh
# The container's command: apply pending migrations, then serve.
#
# Several tasks may start at once (a deploy, a scale-out): migrate_locked makes them
# take turns on PostgreSQL, so only the first one migrates and the others find nothing
# left to do. exec hands the process to gunicorn, which then receives ECS's SIGTERM.
set -eu
python manage.py migrate_locked --noinput
exec gunicorn --config gunicorn.conf.py {{ cookiecutter.project_slug }}.wsgi
