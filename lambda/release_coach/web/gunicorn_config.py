"""The gunicorn settings `coach serve` runs with; the tests and the benchmark load this same
module (`gunicorn -c python:release_coach.web.gunicorn_config ...`), so what they measure is
what is deployed.

Why these values:
- threaded workers (release_coach.web.worker, gthread with deadlines): a slow client costs one
  thread for at most worker.REQUEST_READ_SECONDS, never a whole worker, and idle connections
  cost no thread at all;
- 32 threads per worker: room for slow clients and for the 4 certificate-chain fetches a worker
  allows at once (each at most 3 s), with threads left over for Alexa's requests; the skill
  itself needs microseconds of CPU per request, so more threads cost only memory;
- the worker heartbeat timeout only restarts a worker whose event loop is stuck (requests
  have their own deadlines), so 10 s: Alexa has given up by then.
"""

worker_class = "release_coach.web.worker.GuardedThreadWorker"
threads = 32
worker_connections = 1000
timeout = 10
graceful_timeout = 10
keepalive = 5
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
proc_name = "release-coach"

SETTINGS = {
    name: value
    for name, value in dict(globals()).items()
    if not name.startswith("_") and name.islower()
}
