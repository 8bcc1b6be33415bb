#!/usr/bin/env bash
# The proxy's user header, for real: the shipped deploy/nginx-sso.conf run by Debian's
# nginx in front of a real classroomd (--auth-header, --trusted-proxy 127.0.0.1). The SSO
# gateway it asks is a stand-in here: a second nginx server that checks a password
# (auth_basic) and answers the user and their groups as a gateway does.
#   tests/deploy/nginx_sso_test.sh      (CLASSROOMD_BIN overrides the binary)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

[ -x "$CLASSROOMD_BIN" ] || { echo "no classroomd at $CLASSROOMD_BIN (build first, or set CLASSROOMD_BIN)"; exit 1; }
command -v nginx > /dev/null || need_packages nginx-light || exit 1
need_packages openssl curl python3 sqlite3 || exit 1
NGINX=$(command -v nginx)

T=$(mktemp -d /tmp/classroom-nginx-sso.XXXXXX)
APP_PID= NGINX_PID=
trap stop_nginx_and_app EXIT
mkdir -p "$T/log" "$T/tmp" "$T/var" "$T/empty"
APP_PORT=$(free_port); HTTP_PORT=$(free_port); SSO_PORT=$(free_port)
while [ "$HTTP_PORT" = "$APP_PORT" ]; do HTTP_PORT=$(free_port); done
while [ "$SSO_PORT" = "$APP_PORT" ] || [ "$SSO_PORT" = "$HTTP_PORT" ]; do SSO_PORT=$(free_port); done

# The stand-in gateway's users (every password the same).
PW=campus-password-$RANDOM
for u in alice bob carol; do printf '%s:%s\n' "$u" "$(openssl passwd -apr1 "$PW")"; done > "$T/htpasswd"
chmod 755 "$T" && chmod 644 "$T/htpasswd"   # nginx's workers read it as an unprivileged user

# --- the shipped file, its gateway address replaced
python3 - "$REPO/deploy/nginx-sso.conf" "$T/sso.conf" "$SSO_PORT" <<'PY' || exit 1
import sys
src, dst, port = sys.argv[1:4]
text = open(src).read()
old = "proxy_pass http://127.0.0.1:4180/oauth2/auth;"
if old not in text:
    sys.exit("deploy/nginx-sso.conf no longer contains %r: update tests/deploy/nginx_sso_test.sh" % old)
open(dst, "w").write(text.replace(old, "proxy_pass http://127.0.0.1:%s/check;" % port))
PY
cat > "$T/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $T/nginx.pid;
error_log $T/log/error.log info;
events { worker_connections 128; }
http {
    client_body_temp_path $T/tmp/body;
    proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi;
    uwsgi_temp_path $T/tmp/uwsgi;
    scgi_temp_path $T/tmp/scgi;
    access_log $T/log/access.log;
    upstream classroomd { server 127.0.0.1:$APP_PORT; }
    map \$remote_user \$campus_groups {
        alice   "cn=students,ou=groups,dc=uni;cn=it-admins,ou=groups,dc=uni";
        bob     "teaching";
        default "cn=students,ou=groups,dc=uni";
    }
    server {   # the stand-in gateway
        listen 127.0.0.1:$SSO_PORT;
        location = /check {
            auth_basic "Campus";
            auth_basic_user_file $T/htpasswd;
            add_header X-Auth-Request-User \$remote_user;
            add_header X-Auth-Request-Groups \$campus_groups;
            # Not "return 204": return answers before auth_basic has checked anything.
            root $T/empty;
            try_files /none =204;
        }
    }
    server {
        listen 127.0.0.1:$HTTP_PORT;
        proxy_http_version 1.1;
        include $T/sso.conf;
        location / { proxy_pass http://classroomd; }
    }
}
CONF
check "nginx -t accepts the shipped deploy/nginx-sso.conf" "$NGINX" -q -t -e "$T/log/error.log" -p "$T" -c "$T/nginx.conf"

DB=sqlite:$T/db
ADMIN_PW=admin-password-$RANDOM$RANDOM
printf '%s' "$ADMIN_PW" | "$CLASSROOMD_BIN" user add --db "$DB" --username admin --email a@x.test --role admin \
  --password-stdin > "$T/user-add.log" 2>&1 || { cat "$T/user-add.log"; exit 1; }
"$CLASSROOMD_BIN" serve --listen "127.0.0.1:$APP_PORT" --db "$DB" --var-dir "$T/var" --trusted-proxy 127.0.0.1 \
  --auth-header X-Remote-User --groups-header X-Remote-Groups \
  --role-map 'cn=it-admins,ou=groups,dc=uni=admin' --role-map 'teaching=staff' > "$T/classroomd.log" 2>&1 &
APP_PID=$!
"$NGINX" -e "$T/log/error.log" -p "$T" -c "$T/nginx.conf" > "$T/nginx.out" 2>&1 &
NGINX_PID=$!
wait_http "http://127.0.0.1:$APP_PORT/healthz" || { bad "classroomd starts"; exit 1; }
wait_http "http://127.0.0.1:$HTTP_PORT/healthz" || { bad "nginx starts"; cat "$T/nginx.out"; exit 1; }

B=http://127.0.0.1:$HTTP_PORT
login() {  # login USER PASSWORD [curl args...]: prints "STATUS ROLE USERNAME"
  local user=$1 pw=$2 status
  shift 2
  status=$(curl -sS --max-time 20 -o "$T/answer.json" -w '%{http_code}' -u "$user:$pw" -X POST "$@" \
    "$B/api/auth/header-login")
  python3 - "$T/answer.json" "$status" <<'PY'
import json, sys
path, status = sys.argv[1:3]
try:
    user = json.load(open(path)).get("user", {})
except Exception:
    user = {}
print(status, user.get("role", "-"), user.get("username", "-"))
PY
}
users() { sqlite3 "$T/db" 'SELECT COUNT(*) FROM users'; }

out=$(login alice "$PW")
check "an admin never created locally signs in through nginx's header ($out)" test "$out" = "200 admin alice"
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("access_token", ""))' "$T/answer.json")
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$B/api/admin/users")
check "and uses the admin routes ($code)" test "$code" = 200
out=$(login bob "$PW")
check "a staff member gets staff ($out)" test "$out" = "200 staff bob"
before=$(users)
out=$(login carol "$PW")
check "a user in no mapped group is refused ($out)" test "${out%% *}" = 403
out=$(login alice wrong-password)
check "a wrong password at the gateway never reaches classroomd ($out)" test "${out%% *}" = 401
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'X-Remote-User: alice' \
  -H 'X-Remote-Groups: cn=it-admins,ou=groups,dc=uni' "$B/api/auth/header-login")
check "a forged header without a gateway session is refused ($code)" test "$code" = 401
out=$(login bob "$PW" -H 'X-Remote-User: alice' -H 'X-Remote-Groups: cn=it-admins,ou=groups,dc=uni')
check "a forged header next to a real session is replaced by nginx's own ($out)" test "$out" = "200 staff bob"
check "the refused ones created nothing ($(users) accounts)" test "$(users)" = "$before"
finish
