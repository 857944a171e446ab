"""A webhook receiver for Parley's tests, on loopback.

Each path behaves as its name says: /ok answers 200, /gone 410, /flaky 500 twice then 200, /slow sleeps 20 s,
/busy answers 429 with Retry-After: 120, /redirect answers 302 to /ok. Before deliveries arrive the test POSTs {"path": "/ok", "secret":
"whsec_..."} to /_secrets; every delivery is then checked with the official `standardwebhooks` library and
with Popp's x-signature (hex HMAC-SHA256 of the raw body keyed with the whole secret text). GET /_received
lists what arrived: path, event, eventId, whether each signature verified, and the body.

Prints the port it listens on, then serves until killed.
"""

import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook

secrets = {}
received = []
calls = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_received":
            with lock:
                body = json.dumps(received).encode()
            self._answer(200, body, {"Content-Type": "application/json"})
        else:
            self._answer(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:
            # The sender went away mid-body (a test killed the server): nothing was delivered, and the sender
            # tries again with the whole body, so the cut-off request is not recorded as a delivery.
            return
        if self.path == "/_secrets":
            entry = json.loads(body)
            with lock:
                secrets[entry["path"]] = entry["secret"]
            self._answer(204)
            return
        with lock:
            calls[self.path] = calls.get(self.path, 0) + 1
            count = calls[self.path]
            secret = secrets.get(self.path)
        record = {"path": self.path, "standard": False, "popp": False, "standardError": None}
        try:
            record["body"] = json.loads(body)
            record["event"] = record["body"].get("event")
            record["eventId"] = record["body"].get("eventId")
        except ValueError:
            record["body"] = None
        record["webhookId"] = self.headers.get("webhook-id")
        if secret:
            try:
                Webhook(secret).verify(body, dict(self.headers.items()))
                record["standard"] = True
            except Exception as error:  # noqa: BLE001 - the reason is what the test reports
                record["standardError"] = str(error)
            expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            offered = (self.headers.get("x-signature") or "").split(" ")
            record["popp"] = any(hmac.compare_digest(expected, value) for value in offered)
        with lock:
            received.append(record)
        if self.path == "/gone":
            self._answer(410)
        elif self.path == "/flaky" and count <= 2:
            self._answer(500)
        elif self.path == "/redirect":
            self._answer(302, b"", {"Location": "/ok"})
        elif self.path == "/busy":
            self._answer(429, b"", {"Retry-After": "120"})
        elif self.path == "/slow":
            time.sleep(20)
            self._answer(200)
        else:
            self._answer(200, b"{}", {"Content-Type": "application/json"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
