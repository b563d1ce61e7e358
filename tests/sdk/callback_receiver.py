"""A callback receiver on loopback for the end-to-end callback checks and scripts/bench_callbacks.py: it keeps
every POST it gets, answers what it is told to (a status, after an optional delay), and can stop listening
(so connections are refused) and listen again on the same port. No pytest here, so scripts import it too."""
import json
import threading
import time
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# One POST: its path, headers, body (text), the status it was answered, and when it arrived (time.time()).
Post = namedtuple("Post", "path headers body status time")


class Receiver:
    """Answers 503 to its first `failures` POSTs, then `status` (200 unless changed), each after `delay` seconds."""

    def __init__(self, failures=0, status=200, delay=0.0):
        self.failures, self.status, self.delay = failures, status, delay
        self.posts, self.lock = [], threading.Lock()
        self.http = self._listen(0)
        self.port = self.http.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def _listen(self, port):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                arrived = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    status = 503 if receiver.failures > 0 else receiver.status
                    receiver.failures -= 1
                    delay = receiver.delay
                    receiver.posts.append(Post(self.path, dict(self.headers), body.decode(), status, arrived))
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        http = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        http.daemon_threads = True
        threading.Thread(target=http.serve_forever, daemon=True).start()
        return http

    def answer(self, status, delay=None):
        """From now on, answers `status` (after `delay` seconds, when given)."""
        with self.lock:
            self.status = status
            if delay is not None:
                self.delay = delay

    def refuse(self):
        """Stops listening: connections to its port are refused until `reopen`."""
        self.http.shutdown()
        self.http.server_close()

    def reopen(self):
        """Listens again, on the same port."""
        self.http = self._listen(self.port)

    def all_posts(self, path=None):
        with self.lock:
            return [post for post in self.posts if path is None or post.path == path]

    def delivered(self, path, timeout=60):
        """The POSTs to `path` once one of them was answered 200."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            posts = self.all_posts(path)
            if any(post.status == 200 for post in posts):
                return posts
            time.sleep(0.05)
        raise AssertionError(f"nothing delivered to {path}: {self.all_posts()}")

    def by_task(self, path=None):
        """`{TaskId: [its POSTs]}` of the WorkflowTaskComplete events received."""
        tasks = {}
        for post in self.all_posts(path):
            tasks.setdefault(json.loads(post.body)["MessageBody"]["TaskId"], []).append(post)
        return tasks

    def wait_acknowledged(self, task_ids, path=None, timeout=60):
        """Waits until the event of each of `task_ids` was answered 200 at least once; returns `by_task`."""
        deadline = time.time() + timeout
        while True:
            tasks = self.by_task(path)
            missing = [t for t in task_ids if not any(post.status == 200 for post in tasks.get(t, []))]
            if not missing:
                return tasks
            if time.time() > deadline:
                raise AssertionError(f"{len(missing)} of {len(task_ids)} events never acknowledged: {missing[:5]}")
            time.sleep(0.1)

    def close(self):
        self.http.shutdown()
        self.http.server_close()
