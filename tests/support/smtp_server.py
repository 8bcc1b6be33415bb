#!/usr/bin/env python3
"""An SMTP server for the integration tests (aiosmtpd on 127.0.0.1): saves each message
it accepts to DIR/NNNN.eml (and its envelope to DIR/NNNN.json). DIR/mode, read at
every message, makes it misbehave: "451" answers 451 to DATA, "drop" closes the
connection instead of answering; DIR/reject lists recipients answered 550."""
import argparse
import asyncio
import json
import os
import threading

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--port-file", required=True)
args = parser.parse_args()

lock = threading.Lock()


def read(name):
    try:
        with open(os.path.join(args.dir, name)) as f:
            return f.read().split()
    except OSError:
        return []


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in read("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = (read("mode") or ["ok"])[0]
        if mode == "451":
            return "451 4.3.0 Try again later"
        if mode == "drop":
            server.transport.abort()
            return "421 closing"
        with lock:
            n = len([f for f in os.listdir(args.dir) if f.endswith(".eml")]) + 1
            base = os.path.join(args.dir, "%04d" % n)
            with open(base + ".json", "w") as f:
                json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
            with open(base + ".eml.tmp", "wb") as f:
                f.write(envelope.original_content)
            os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Queued"


controller = Controller(Handler(), hostname="127.0.0.1", port=args.port or 0)
if not args.port:
    # Find a free port first: the Controller needs one to start on.
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        controller.port = s.getsockname()[1]
controller.start()
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(controller.port))
os.rename(args.port_file + ".tmp", args.port_file)
threading.Event().wait()
