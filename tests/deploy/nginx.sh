#!/usr/bin/env bash
# docs/DEPLOY.md's nginx configuration, for real: Debian's nginx serves the
# example site (built with --base-url /dangjian/) under /dangjian/ on a
# loopback port, exactly with the `location` block of docs/deploy/nginx.conf,
# and tests/deploy/crawl.mjs fetches every page and file. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
cleanup() {
  [ -f "$tmp/nginx.pid" ] && nginx -p "$tmp" -c "$tmp/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

./target/debug/pinpai build --quiet --base-url /dangjian/ --output "$tmp/site"
# nginx's workers run as an unprivileged user: they must be able to read it.
chmod -R a+rX "$tmp"
mkdir -p "$tmp/temp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed "s#/srv/dangjian/#$tmp/site/#" docs/deploy/nginx.conf > "$tmp/location.conf"
cat > "$tmp/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $tmp/temp/body;
  proxy_temp_path $tmp/temp/proxy;
  fastcgi_temp_path $tmp/temp/fastcgi;
  uwsgi_temp_path $tmp/temp/uwsgi;
  scgi_temp_path $tmp/temp/scgi;
  server {
    listen 127.0.0.1:$port;
    include $tmp/location.conf;
  }
}
CONF
nginx -p "$tmp" -c "$tmp/nginx.conf"
node tests/deploy/crawl.mjs "http://127.0.0.1:$port/dangjian/"
