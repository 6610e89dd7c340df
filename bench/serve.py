"""The portal as production serves it, for wrk: gunicorn (2 sync workers) with the production
settings (DEBUG off, whitenoise's manifest, the Redis cache) on the benchmark's database, and
wrk driving it at 32 connections. Shared by the public-pages suite of `make bench`
(bench/public_pages.py) and `make load` (bench/load.py).

The settings module is bench/settings.py: the production settings plus one bare view (a
constant response through the same middleware), the yardstick every page is measured against.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BARE_PATH = "/bench/bare/"
CONNECTIONS = 32
WRK_THREADS = 2
WORKERS = 2
# Production terminates TLS at a proxy (BEHIND_TLS_PROXY): wrk speaks plain HTTP and says so.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"


class BenchError(RuntimeError):
    """The server or wrk could not be run; the message says why."""


def ensure_wrk():
    """wrk's path, installing Debian's package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    for prefix in ([], ["sudo", "-n"]):
        try:
            subprocess.run(prefix + ["apt-get", "update", "-q"], check=True, capture_output=True)
            subprocess.run(prefix + ["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            continue
        if shutil.which("wrk"):
            return shutil.which("wrk")
    raise BenchError("wrk is not installed and `apt-get install wrk` failed")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The URL of the database this process is connected to (the benchmark's throwaway one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor != "postgresql":
        raise BenchError(f"gunicorn benchmarks need PostgreSQL or SQLite, not {connection.vendor}")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_url():
    """Where the served portal caches: REDIS_CACHE_URL, else the local Redis's db 1 if it answers."""
    url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_CACHE_URL") or DEFAULT_REDIS
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means "no Redis": say so and go on
        return None
    return url


def production_environment(*, port, redis):
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "CELERY_BROKER_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="1",
        DATABASE_URL=database_url(),
        # Each run its own key space, so entries a previous run left in Redis never answer.
        CACHE_KEY_PREFIX=f"bench-{os.getpid()}-{port}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_CACHE_URL", None)
    if redis:
        env["REDIS_CACHE_URL"] = redis
    return env


@dataclass
class Server:
    """gunicorn on 127.0.0.1:port, started by `start()` and stopped by `stop()` (or `with`)."""

    workers: int = WORKERS
    port: int = field(default_factory=free_port)
    redis: str | None = field(default_factory=redis_url)
    process: subprocess.Popen | None = None
    log: object = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def describe(self):
        cache = f"Redis cache {self.redis}" if self.redis else "local-memory cache (no Redis answered)"
        return (
            f"gunicorn, {self.workers} sync workers, production settings (DEBUG=0), "
            f"{connection.vendor} database {connection.settings_dict['NAME']}, {cache}"
        )

    def start(self):
        env = production_environment(port=self.port, redis=self.redis)
        static = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )
        if static.returncode:
            raise BenchError(f"collectstatic failed:\n{static.stderr}")
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                "--worker-class", "sync", "--timeout", "120", "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.output()}")
            try:
                status, _ = self.get(BARE_PATH)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise BenchError("gunicorn did not answer within 60 s")

    def get(self, path):
        """Status and body of one GET through the proxy header, as wrk sends it."""
        request = urllib.request.Request(self.base + path, headers=dict([PROXY_HEADER]))
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def output(self):
        if self.log is None:
            return ""
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@dataclass
class WrkResult:
    label: str
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    non_2xx_3xx: int
    client_errors: int = 0  # 4xx, counted by the Lua script
    server_errors: int = 0  # 5xx, counted by the Lua script

    @property
    def errors(self):
        return self.socket_errors + self.non_2xx_3xx + self.client_errors + self.server_errors


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}

# Counts 4xx and 5xx itself (wrk only reports "non-2xx or 3xx"), and walks `paths` in turn when
# given more than one, each thread starting at a different page.
_LUA = """
local paths = {%(paths)s}
local threads = {}
wrk.headers["%(header)s"] = "%(value)s"
function setup(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads)
end
function init(args)
  i = offset
  client_errors = 0
  server_errors = 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  end
end
function done(summary, latency, requests)
  local c, s = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("client_errors")
    s = s + thread:get("server_errors")
  end
  io.write(string.format("CLIENT_ERRORS %%d\\nSERVER_ERRORS %%d\\n", c, s))
end
"""


def _lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _duration_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(label, output):
    def find(pattern, default=None):
        match = re.search(pattern, output)
        if match is None:
            if default is not None:
                return default
            raise BenchError(f"unexpected wrk output:\n{output}")
        return match.groups()

    requests, seconds = find(r"(\d+) requests in ([\d.]+)(?:s)")
    socket = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ("0", "0", "0", "0"))
    return WrkResult(
        label=label,
        requests=int(requests),
        seconds=float(seconds),
        requests_per_s=float(find(r"Requests/sec:\s+([\d.]+)")[0]),
        p50_ms=_duration_ms(find(r"\n\s+50%\s+(\S+)")[0]),
        p99_ms=_duration_ms(find(r"\n\s+99%\s+(\S+)")[0]),
        socket_errors=sum(int(n) for n in socket),
        non_2xx_3xx=int(find(r"Non-2xx or 3xx responses: (\d+)", ("0",))[0]),
        client_errors=int(find(r"CLIENT_ERRORS (\d+)", ("0",))[0]),
        server_errors=int(find(r"SERVER_ERRORS (\d+)", ("0",))[0]),
    )


def wrk(server, paths, *, seconds, label=None, connections=CONNECTIONS, threads=WRK_THREADS):
    """wrk against `paths` (one page, or several taken in turn) for `seconds`."""
    paths = [paths] if isinstance(paths, str) else list(paths)
    script = _LUA % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "header": PROXY_HEADER[0],
        "value": PROXY_HEADER[1],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        run = subprocess.run(
            [
                ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                "--timeout", "30s", "-s", lua.name, server.base + paths[0],
            ],
            capture_output=True, text=True, check=False,
        )
    if run.returncode:
        raise BenchError(f"wrk failed: {run.stderr or run.stdout}")
    return parse_wrk(label or paths[0], run.stdout)
