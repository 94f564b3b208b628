"""The jobs and their schedule (tasks.py), and `flask jobs …` (cli.py), on the queue of storefront.queue.

`make run` starts one consumer beside the web workers (gunicorn.conf.py); `flask --app app jobs worker`
runs one by hand. This is the top layer: it imports the domains, and no domain imports it.
"""
from __future__ import annotations

from flask import Flask

from . import cli, tasks


def init_app(app: Flask) -> None:
    tasks.register(app.extensions["jobs"])
    app.cli.add_command(cli.jobs_cli)
