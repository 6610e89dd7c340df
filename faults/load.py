"""A small closed-loop load: client threads requesting pages one after another on a server of
this machine, for a bounded time. Records every request's start, end and answer."""

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    started: float
    finished: float
    path: str
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    retry_after: str | None = None
    traceback: bool = False
    error: str = ""


class Load:
    def __init__(self, base_url, paths, *, clients=8, timeout=15):
        assert base_url.startswith(("http://127.", "http://localhost")), "load only this machine"
        self.base_url, self.paths, self.clients, self.timeout = base_url, list(paths), clients, timeout
        self.answers, self._stop, self._threads = [], threading.Event(), []

    def _request(self, path):
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=self.timeout) as response:
                body, status, headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, error.headers
        except OSError as error:
            return Answer(started, time.monotonic(), path, None, error=f"{type(error).__name__}: {error}")
        return Answer(
            started, time.monotonic(), path, status, headers.get("Retry-After"),
            traceback=b"Traceback" in body or b"Exception Value" in body,
        )

    def _client(self, n):
        i = n
        while not self._stop.is_set():
            self.answers.append(self._request(self.paths[i % len(self.paths)]))
            i += 1

    def start(self):
        self._threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.clients)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)
        return self.answers
