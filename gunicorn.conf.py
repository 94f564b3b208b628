"""gunicorn settings: `gunicorn -c gunicorn.conf.py app:app` (what `make run` starts)."""
import os
import subprocess
import sys

from config import local

# Loopback only: a reverse proxy (or a load balancer) faces the internet, see TRUSTED_PROXIES.
bind = f"127.0.0.1:{os.environ.get('PORT') or 5000}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
accesslog = "-"
# A page takes milliseconds; a worker stuck for 30 s is restarted rather than left holding a slot.
timeout = 30
# forwarded_allow_ips stays gunicorn's default (127.0.0.1): the app reads the client's address through
# ProxyFix and TRUSTED_PROXIES, never from headers anyone can send.

if os.environ.get("ENCORE_LOCAL_RUN") == "1":
    # `make run` on a machine with nothing set: fill in local values (said aloud) before any worker loads the app.
    for line in local.provide(os.environ):
        print(line, file=sys.stderr, flush=True)


def when_ready(server):
    """Start the job worker beside the web workers (JOBS_WORKER=0: it runs elsewhere, e.g. one per cluster)."""
    if os.environ.get("JOBS_WORKER", "1") != "0":
        server.jobs_worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"])


def on_exit(server):
    """Stop the job worker with the web server (Ctrl-C stops both)."""
    worker = getattr(server, "jobs_worker", None)
    if worker is not None and worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
