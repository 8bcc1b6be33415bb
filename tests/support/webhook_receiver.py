#!/usr/bin/env python3
"""A webhook receiver for the integration tests: checks each delivery's signature,
answers 500 to the first FAIL_FIRST attempts of each delivery id (then 200), hangs
(HANG seconds) before answering, or sends every delivery elsewhere (302 to REDIRECT), and writes one JSON line per request it got."""
import argparse
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--secret", required=True)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--hang", type=float, default=0)
parser.add_argument("--redirect", default="")
args = parser.parse_args()

lock = threading.Lock()
attempts = {}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
        delivery = self.headers.get("X-Classroom-Delivery", "")
        with lock:
            attempts[delivery] = attempts.get(delivery, 0) + 1
            n = attempts[delivery]
        if args.hang:
            time.sleep(args.hang)
        status = 302 if args.redirect else 500 if n <= args.fail_first else 200
        entry = {
            "event": self.headers.get("X-Classroom-Event", ""),
            "delivery": delivery,
            "signature_ok": hmac.compare_digest(expected, self.headers.get("X-Classroom-Signature", "")),
            "content_type": self.headers.get("Content-Type", ""),
            "attempt": n,
            "status": status,
            "body": json.loads(body or b"null"),
        }
        try:
            self.send_response(status)
            if args.redirect:
                self.send_header("Location", args.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            entry["status"] = 0  # the sender gave up waiting
        with lock, open(args.log, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def log_message(self, *a):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
