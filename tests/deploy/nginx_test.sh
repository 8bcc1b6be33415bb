#!/usr/bin/env bash
# nginx in front of a real classroomd, for real: the shipped deploy/nginx.conf (only its
# ports, paths and upstream replaced) run by Debian's nginx on loopback ports with a
# certificate from a throwaway CA, checked with curl and a standard-library WebSocket
# client. Needs root to install nginx-light/openssl/curl when they are missing.
#   tests/deploy/nginx_test.sh      (CLASSROOMD_BIN, CLASSROOM_WEB_ROOT override the inputs)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
WEB_ROOT=${CLASSROOM_WEB_ROOT:-$REPO/web/dist}
HOST=classrooms.campus.example

[ -x "$CLASSROOMD_BIN" ] || { echo "no classroomd at $CLASSROOMD_BIN (build first, or set CLASSROOMD_BIN)"; exit 1; }
serve_help=$("$CLASSROOMD_BIN" serve --help 2>&1)   # (not piped into grep -q: SIGPIPE under pipefail)
grep -q -- '--trusted-proxy' <<< "$serve_help" || {
  echo "FAIL  $CLASSROOMD_BIN has no --trusted-proxy (SPEC, 'Behind a proxy'): behind nginx every client"
  echo "      would share the proxy's address; set CLASSROOMD_BIN to a classroomd that has it"
  echo "0 passed, 1 failed"; exit 1; }
[ -f "$WEB_ROOT/index.html" ] || { echo "no web app at $WEB_ROOT (make build)"; exit 1; }
command -v nginx > /dev/null || need_packages nginx-light || exit 1
need_packages openssl curl python3 || exit 1
NGINX=$(command -v nginx)

T=$(mktemp -d /tmp/classroom-nginx.XXXXXX)
APP_PID= NGINX_PID=
trap stop_nginx_and_app EXIT
mkdir -p "$T/ssl" "$T/log" "$T/tmp" "$T/var"
APP_PORT=$(free_port); HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port)
while [ "$HTTPS_PORT" = "$HTTP_PORT" ] || [ "$HTTPS_PORT" = "$APP_PORT" ]; do HTTPS_PORT=$(free_port); done
while [ "$HTTP_PORT" = "$APP_PORT" ]; do HTTP_PORT=$(free_port); done

# --- a throwaway CA and a server certificate for $HOST
(
  cd "$T/ssl"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Classroom test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
  openssl req -newkey rsa:2048 -nodes -keyout privkey.pem -out server.csr -subj "/CN=$HOST"
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$HOST" > ext.cnf
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf
  cat server.pem > fullchain.pem
) > "$T/openssl.log" 2>&1 || { cat "$T/openssl.log"; exit 1; }
CA=$T/ssl/ca.pem

# --- the shipped configuration, templated: each replaced text must be found in it
python3 - "$REPO/deploy/nginx.conf" "$T/classroom.conf" <<EOF || exit 1
import sys
src, dst = sys.argv[1:3]
text = open(src).read()
subs = [
    ("listen 80;", "listen 127.0.0.1:$HTTP_PORT;"),
    ("listen [::]:80;", ""),
    ("listen 443 ssl http2;", "listen 127.0.0.1:$HTTPS_PORT ssl http2;"),
    ("listen [::]:443 ssl http2;", ""),
    ("/etc/ssl/classroom/", "$T/ssl/"),
    ("/var/log/nginx/", "$T/log/"),
    ("/etc/nginx/classroomd-upstream.conf", "$T/upstream.conf"),
]
for old, new in subs:
    if old not in text:
        sys.exit("deploy/nginx.conf no longer contains %r: update tests/deploy/nginx_test.sh" % old)
    text = text.replace(old, new)
open(dst, "w").write(text)
EOF
echo "server 127.0.0.1:$APP_PORT;" > "$T/upstream.conf"
cat > "$T/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $T/nginx.pid;
error_log $T/log/error.log info;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $T/tmp/body;
    proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi;
    scgi_temp_path $T/tmp/scgi;
    access_log $T/log/other-access.log;
    include $T/classroom.conf;
}
EOF
check "nginx -t accepts the shipped deploy/nginx.conf" "$NGINX" -q -t -e "$T/log/error.log" -p "$T" -c "$T/nginx.conf"

# --- a real classroomd behind it, trusting nginx for X-Forwarded-For
DB=sqlite:$T/db
PW=admin-password-$RANDOM$RANDOM
printf '%s' "$PW" | "$CLASSROOMD_BIN" user add --db "$DB" --username admin --email a@x.test --role admin \
  --password-stdin > "$T/user-add.log" 2>&1 || { cat "$T/user-add.log"; exit 1; }
"$CLASSROOMD_BIN" serve --listen "127.0.0.1:$APP_PORT" --db "$DB" --var-dir "$T/var" --web-root "$WEB_ROOT" \
  --trusted-proxy 127.0.0.1 > "$T/classroomd.log" 2>&1 &
APP_PID=$!
"$NGINX" -e "$T/log/error.log" -p "$T" -c "$T/nginx.conf" > "$T/nginx.out" 2>&1 &
NGINX_PID=$!
wait_http "http://127.0.0.1:$APP_PORT/healthz" || { bad "classroomd starts"; exit 1; }
wait_http "http://127.0.0.1:$HTTP_PORT/" || { bad "nginx starts"; cat "$T/nginx.out"; exit 1; }

# curl through nginx with the certificate checked against the throwaway CA
B=https://$HOST:$HTTPS_PORT
C=(curl -sS --max-time 60 --cacert "$CA" --resolve "$HOST:$HTTPS_PORT:127.0.0.1")

# --- TLS, the web app, redirect
out=$("${C[@]}" -o "$T/index.html" -w '%{http_code} %{ssl_verify_result}' "$B/")
check "HTTPS: the web app's index through nginx, certificate verified ($out)" \
  test "$out" = "200 0" -a -n "$(grep -l 'id="root"' "$T/index.html" 2>/dev/null)"
redir=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -H "Host: $HOST" "http://127.0.0.1:$HTTP_PORT/staff/bookings?x=1")
check "HTTP → HTTPS redirect ($redir)" test "$redir" = "301 https://$HOST/staff/bookings?x=1"

# --- security headers, on the app and on error answers alike
"${C[@]}" -D "$T/h-index" -o /dev/null "$B/"
"${C[@]}" -D "$T/h-401" -o /dev/null "$B/api/admin/users"
for f in h-index h-401; do
  h=$(tr -d '\r' < "$T/$f")
  check "$f: Strict-Transport-Security max-age ≥ 1 year" \
    grep -qiE '^strict-transport-security: max-age=(3153[6-9][0-9]{3}|[4-9][0-9]{7}|[0-9]{9,})' <<< "$h"
  check "$f: X-Content-Type-Options nosniff" grep -qix 'x-content-type-options: nosniff' <<< "$h"
  csp=$(grep -i '^content-security-policy:' <<< "$h")
  check "$f: CSP frame-ancestors 'none'" grep -q "frame-ancestors 'none'" <<< "$csp"
  check "$f: CSP script-src 'self' without unsafe-inline/eval" \
    bash -c '[[ "$1" == *"script-src '"'self'"';"* && "$1" != *unsafe-* ]]' _ "$csp"
done

# --- the web app satisfies that CSP: only same-origin scripts and styles, no inline code,
# each served with the MIME type nosniff demands
csp_ok=1
if grep -qiE '<script(\s[^>]*)?>[^<]+</script>|<style|\sstyle=|\son[a-z]+=' "$T/index.html"; then
  echo "      index.html has inline script, style or event handler"; csp_ok=0
fi
refs=$(grep -oE '(src|href)="[^"]+"' "$T/index.html" | sed -E 's/^(src|href)="(.*)"$/\2/')
for r in $refs; do
  case $r in
    /*) ;;
    *) echo "      not same-origin: $r"; csp_ok=0; continue ;;
  esac
  ct=$("${C[@]}" -o /dev/null -w '%{http_code} %{content_type}' "$B$r")
  case $r in
    *.js) [[ $ct == "200 text/javascript"* || $ct == "200 application/javascript"* ]] || { echo "      $r: $ct"; csp_ok=0; } ;;
    *.css) [[ $ct == "200 text/css"* ]] || { echo "      $r: $ct"; csp_ok=0; } ;;
    *) [[ $ct == 200* ]] || { echo "      $r: $ct"; csp_ok=0; } ;;
  esac
done
for js in "$WEB_ROOT"/assets/*.js; do
  grep -qE '\beval\(|new Function\(' "$js" && { echo "      $(basename "$js") uses eval"; csp_ok=0; }
done
check "the web app needs nothing the CSP forbids (same-origin assets with their MIME types, no inline code, no eval)" \
  test $csp_ok -eq 1

# --- and in a real browser: sign in, live dashboard, charts, with no CSP violation
CHROMIUM=${CHROMIUM_BIN:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ] && [ -d "$REPO/web/node_modules/playwright-core" ] && command -v node > /dev/null; then
  if REPO=$REPO CHROMIUM_BIN=$CHROMIUM node "$REPO/tests/deploy/csp_browser.mjs" "$B" "$HOST" 127.0.0.1 admin "$PW" \
      > "$T/browser.log" 2>&1; then
    ok "Chromium through nginx: sign-in, dashboard WebSocket and charts without a CSP violation ($(tail -1 "$T/browser.log"))"
  else
    bad "Chromium through nginx: sign-in, dashboard WebSocket and charts without a CSP violation"
    grep -v '^\[' "$T/browser.log" | sed 's/^/      /' | tail -20
  fi
else
  skip "Chromium check of the CSP (needs $CHROMIUM and web/node_modules: make build)"
fi

# --- sign-in over HTTPS; a device and its room registered through the API
login=$("${C[@]}" -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PW\"}" "$B/api/auth/login")
TOKEN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' <<< "$login" 2>/dev/null)
check "HTTPS sign-in gives a token" test -n "$TOKEN"
AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
dev=$("${C[@]}" "${AUTH[@]}" -d '{"device_id":"node-nginx-1","name":"Node behind nginx"}' "$B/api/admin/devices")
KEY=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])' <<< "$dev" 2>/dev/null)
room=$("${C[@]}" "${AUTH[@]}" -d '{"name":"Room N1","location":"B","capacity":20,"esp_device_id":"node-nginx-1"}' "$B/api/admin/classrooms")
ROOM=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<< "$room" 2>/dev/null)
check "device and room registered through nginx" test -n "$KEY" -a -n "$ROOM"
NODE=(-H "X-Device-ID: node-nginx-1" -H "X-API-Key: $KEY" -H 'Content-Type: application/json')

# --- WebSocket upgrade and a live event through nginx
if python3 "$REPO/tests/deploy/ws_event.py" --host "$HOST" --connect "127.0.0.1:$HTTPS_PORT" --cafile "$CA" \
    --token "$TOKEN" --device node-nginx-1 --api-key "$KEY" --classroom-id "${ROOM:-0}" > "$T/ws.log" 2>&1; then
  ok "WebSocket upgrade through nginx (token in Sec-WebSocket-Protocol) carries the live event of a node's report"
else
  bad "WebSocket upgrade through nginx (token in Sec-WebSocket-Protocol) carries the live event of a node's report"; sed 's/^/      /' "$T/ws.log"
fi
if python3 "$REPO/tests/deploy/ws_event.py" --host "$HOST" --connect "127.0.0.1:$HTTPS_PORT" --cafile "$CA" \
    --token "$TOKEN" --device node-nginx-1 --api-key "$KEY" --classroom-id "${ROOM:-0}" --temperature 22.3 \
    --query-token > "$T/ws-query.log" 2>&1; then
  ok "WebSocket with ?token= (clients of the first version) still works through nginx"
else
  bad "WebSocket with ?token= (clients of the first version) still works through nginx"; sed 's/^/      /' "$T/ws-query.log"
fi

# --- a long-poll held for its whole wait (the server answers only when wait= is over:
# nothing is queued for this node)
lp=$("${C[@]}" "${NODE[@]}" -o "$T/lp.json" -w '%{http_code} %{time_total}' "$B/api/esp/commands?wait=5")
check "long-poll GET /api/esp/commands?wait=5 answered 200 after its full wait ($lp)" \
  python3 -c 'import sys; c, t = sys.argv[1].split(); sys.exit(0 if c == "200" and float(t) >= 4.9 else 1)' "$lp"
check "long-poll answer is the commands list" grep -q '"commands"' "$T/lp.json"

# --- nothing on the node path is limited by X-Device-ID: a flood from 127.0.0.2 that
# changes the header each time is stopped, and the genuine node (127.0.0.1) is not
# (one curl for all requests; --next resets every option, so each request repeats them)
FLOOD=(-s --max-time 60 --cacert "$CA" --resolve "$HOST:$HTTPS_PORT:127.0.0.1" --interface 127.0.0.2)
args=()
for i in $(seq 120); do
  [ $i -gt 1 ] && args+=(--next)
  args+=("${FLOOD[@]}" -o /dev/null -w '%{http_code}\n' -X POST -H "X-Device-ID: flood-$i" -H 'X-API-Key: nothing-at-all' -H 'X-Forwarded-For: 10.9.9.9' \
    -H 'Content-Type: application/json' -d '{}' "$B/api/esp/heartbeat")
done
codes=$(curl "${args[@]}" | sort | uniq -c | tr '\n' ' ')
check "node limit: a flood with a new X-Device-ID each time is limited by address (codes: $codes)" \
  grep -q ' 429' <<< " $codes"
hb=$("${C[@]}" "${NODE[@]}" -o /dev/null -w '%{http_code}' -d '{}' "$B/api/esp/heartbeat")
check "node limit: the genuine node from another address still gets 200 ($hb)" test "$hb" = 200

# classroomd (--trusted-proxy 127.0.0.1) logs and limits the real client: the address
# nginx saw, not nginx's own, and not what the client claimed in X-Forwarded-For
check "classroomd sees the client's address through nginx (remote=127.0.0.2 in its log)" \
  grep -q 'remote=127.0.0.2' "$T/classroomd.log"
check "a client's own X-Forwarded-For is not believed (no remote=10.9.9.9)" \
  bash -c '! grep -q "remote=10.9.9.9" "$1"' _ "$T/classroomd.log"

# --- login limit per real client address
args=()
for i in $(seq 15); do
  [ $i -gt 1 ] && args+=(--next)
  args+=("${FLOOD[@]}" -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    -d '{"username":"flood-user","password":"wrong-password"}' "$B/api/auth/login")
done
codes=$(curl "${args[@]}" | sort | uniq -c | tr '\n' ' ')
check "login limit: 15 sign-ins from one address get 429 (codes: $codes)" grep -q ' 429' <<< " $codes"
li=$("${C[@]}" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PW\"}" "$B/api/auth/login")
check "login limit: another client address still signs in ($li)" test "$li" = 200

# --- /metrics is not published through nginx; uploads beyond 64 KiB are refused
m=$("${C[@]}" -o /dev/null -w '%{http_code}' "$B/metrics")
check "/metrics is not answered through nginx ($m)" test "$m" = 404
head -c 70000 /dev/zero | tr '\0' a > "$T/big"
big=$("${C[@]}" "${NODE[@]}" -o /dev/null -w '%{http_code}' --data-binary "@$T/big" "$B/api/esp/status")
check "a node body over 64 KiB gets 413 ($big)" test "$big" = 413

# --- tokens never reach the access log
"${C[@]}" -o /dev/null "$B/api/calendar/rooms/$ROOM.ics?token=calendar-secret-123" || true
"${C[@]}" -o /dev/null "$B/api/ws?token=$TOKEN" || true
LOG=$T/log/classroom-access.log
for _ in $(seq 50); do  # nginx writes a request's line just after its answer
  [ "$(grep -c ' /api/ws HTTP\| /api/calendar/' "$LOG")" -ge 3 ] && break
  sleep 0.1
done
check "access log records the WebSocket and calendar requests" \
  bash -c 'grep -q "GET /api/ws HTTP" "$1" && grep -q "GET /api/calendar/" "$1"' _ "$LOG"
check "access log never contains token=" bash -c '! grep -q "token=" "$1"' _ "$LOG"
check "access log keeps other query strings" grep -q 'commands?wait=5' "$LOG"
check "nginx error log never contains a token" bash -c '! grep -q "token=" "$1"' _ "$T/log/error.log"
check "neither nginx log contains the session token in any form" \
  bash -c '! grep -qF -e "$1" "$2" "$3"' _ "$TOKEN" "$LOG" "$T/log/error.log"
check "classroomd still runs" kill -0 "$APP_PID"

# --- the compose file's nginx points at its app services by name, never at loopback
compose_ok=1
servers=$(awk '$1 == "server" { sub(/;$/, "", $2); print $2 }' "$REPO/deploy/nginx-upstream-compose.conf")
[ "$(wc -w <<< "$servers")" -ge 2 ] || compose_ok=0
for s in $servers; do
  name=${s%%:*}
  grep -qE "^  $name:" "$REPO/deploy/docker-compose.yml" || { echo "      $name is no compose service"; compose_ok=0; }
  [[ $name == 127.* || $name == localhost ]] && compose_ok=0
done
grep -q 'nginx-upstream-compose.conf:/etc/nginx/classroomd-upstream.conf' "$REPO/deploy/docker-compose.yml" || compose_ok=0
check "docker-compose: nginx's upstream is the app services by name ($(echo $servers))" test $compose_ok -eq 1

finish
