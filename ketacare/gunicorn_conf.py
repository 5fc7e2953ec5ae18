"""gunicorn settings for `make serve` and the benchmarks.

Workers are separate processes; nothing they share lives in memory (sessions,
cache and throttles are in PostgreSQL), so any number of them behave alike.
"""

import multiprocessing
import os

bind = os.environ.get("KETACARE_BIND", "127.0.0.1:8000")
# One worker per core and one more to use the time another waits on PostgreSQL.
# Measured with make bench on 2 cores, with PostgreSQL on the same machine: 3
# sync workers saved assessment steps ~25% faster than the usual 2 x cores + 1,
# whose extra processes only fought over the CPU (the bare response was no
# faster either). With the database on its own server, try more.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
# Recycle workers now and then (a guard against slow leaks); the benchmark
# turns this off so that no restart lands inside a measurement.
max_requests = int(os.environ.get("KETACARE_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# Access logs name the path only: no query string (FAQ searches travel in one)
# and no Referer (it can carry the previous page's query string).
accesslog = os.environ.get("KETACARE_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'

errorlog = "-"


def on_starting(server):
    # The master starts the embedded server (when DATABASE_URL is unset) before
    # forking, so workers inherit its socket directory and one handle keeps it up.
    from ketacare import embedded_db

    embedded_db.start()
