#!/usr/bin/env python3
"""WebSocket through nginx, standard library only.

Opens wss://HOST:PORT/api/ws the way the web app does, the token in the subprotocols
`classroom.v1, bearer.TOKEN` (or, with --query-token, as ?token=TOKEN like clients of the
first version; TLS checked against --cafile, SNI and Host = --host, connecting to
--connect), checks the 101 answer, its Sec-WebSocket-Accept and the chosen subprotocol, then sends one node report through the same nginx (HTTPS POST
/api/esp/status with the device's headers) and waits for the room_status event that
report causes. Prints what it saw; exits 0 when the event arrived.
"""
import argparse, base64, hashlib, json, os, socket, ssl, struct, sys, urllib.request

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

p = argparse.ArgumentParser()
p.add_argument("--host", required=True)
p.add_argument("--connect", required=True, help="IP:PORT of nginx's HTTPS listener")
p.add_argument("--cafile", required=True)
p.add_argument("--token", required=True)
p.add_argument("--device", required=True)
p.add_argument("--api-key", required=True)
p.add_argument("--classroom-id", type=int, required=True)
p.add_argument("--temperature", type=float, default=21.7)
p.add_argument("--query-token", action="store_true", help="send the token as ?token= instead")
a = p.parse_args()
ip, port = a.connect.rsplit(":", 1)
ctx = ssl.create_default_context(cafile=a.cafile)


def fail(msg):
    print("ws_event: " + msg, file=sys.stderr)
    sys.exit(1)


raw = socket.create_connection((ip, int(port)), timeout=60)
s = ctx.wrap_socket(raw, server_hostname=a.host)
key = base64.b64encode(os.urandom(16)).decode()
if a.query_token:
    target, offer = f"/api/ws?token={a.token}", ""
else:
    target, offer = "/api/ws", f"Sec-WebSocket-Protocol: classroom.v1, bearer.{a.token}\r\n"
s.sendall((f"GET {target} HTTP/1.1\r\nHost: {a.host}\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
           f"{offer}Origin: https://{a.host}\r\n\r\n").encode())
buf = b""
while b"\r\n\r\n" not in buf:
    chunk = s.recv(4096)
    if not chunk:
        fail("connection closed before the handshake answer: %r" % buf)
    buf += chunk
head, buf = buf.split(b"\r\n\r\n", 1)
lines = head.decode("latin-1").split("\r\n")
print(lines[0])
if " 101 " not in lines[0] + " ":
    fail("no 101: " + lines[0])
headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
want = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
if headers.get("sec-websocket-accept") != want:
    fail("bad Sec-WebSocket-Accept %r" % headers.get("sec-websocket-accept"))
print("upgraded: Sec-WebSocket-Accept ok")
chosen = headers.get("sec-websocket-protocol", "")
if chosen != ("" if a.query_token else "classroom.v1"):
    fail("subprotocol %r chosen" % chosen)
if a.token in head.decode("latin-1"):
    fail("the handshake answer repeats the token")
print("subprotocol: %r" % chosen)


def read_exact(n):
    global buf
    while len(buf) < n:
        chunk = s.recv(65536)
        if not chunk:
            fail("connection closed")
        buf += chunk
    out, buf = buf[:n], buf[n:]
    return out


def read_frame():
    b0, b1 = read_exact(2)
    op, ln = b0 & 0x0F, b1 & 0x7F
    if ln == 126:
        ln = struct.unpack(">H", read_exact(2))[0]
    elif ln == 127:
        ln = struct.unpack(">Q", read_exact(8))[0]
    mask = read_exact(4) if b1 & 0x80 else None
    data = read_exact(ln)
    if mask:
        data = bytes(c ^ mask[i % 4] for i, c in enumerate(data))
    return op, data


def send_frame(op, data):
    mask = os.urandom(4)
    hdr = bytes([0x80 | op])
    hdr += bytes([0x80 | len(data)]) if len(data) < 126 else bytes([0x80 | 126]) + struct.pack(">H", len(data))
    s.sendall(hdr + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(data)))


# The report, through nginx as a node sends it.
body = json.dumps({"is_occupied": True, "is_power_on": True, "last_movement": 0,
                   "temperature": a.temperature}).encode()
req = urllib.request.Request(f"https://{a.host}:{port}/api/esp/status", data=body, method="POST", headers={
    "Content-Type": "application/json", "X-Device-ID": a.device, "X-API-Key": a.api_key})
# Resolve the host name to nginx's address without touching /etc/hosts.
orig = socket.getaddrinfo
socket.getaddrinfo = lambda h, *r, **k: orig(ip if h == a.host else h, *r, **k)
with urllib.request.urlopen(req, context=ctx, timeout=60) as r:
    print("report:", r.status, r.read().decode())

for _ in range(200):
    op, data = read_frame()
    if op == 0x9:
        send_frame(0xA, data)
        continue
    if op == 0x8:
        fail("server closed the WebSocket: %r" % data)
    if op != 0x1:
        continue
    try:
        ev = json.loads(data)
    except ValueError:
        continue
    if (ev.get("type") == "room_status" and ev.get("classroom_id") == a.classroom_id
            and ev.get("status", {}).get("temperature") == a.temperature):
        print("event:", data.decode())
        send_frame(0x8, struct.pack(">H", 1000))
        sys.exit(0)
fail("no room_status event for the report")
