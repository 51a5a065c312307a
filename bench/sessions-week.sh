#!/usr/bin/env bash
# Benchmark (c): the calendar's week view, GET /api/studios/{s}/sessions?from=…&to=…, on PostgreSQL with 100,000
# sessions in the studio (wrk at 1 connection, then 32; the query plan must use an index), and booking throughput
# (POST /sessions with every conflict check, distinct free slots). Uses libpq variables for the server (PGHOST,
# PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1, rsm/rsm, a role with CREATEDB). Everything it creates is dropped.
#   bench/sessions-week.sh          DURATION=10s BOOK_CONNECTIONS=8 WARMUP=15s PGSSLMODE=disable
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-rsm} PGPASSWORD=${PGPASSWORD:-rsm}
# The app and PostgreSQL share this machine: no TLS over the loopback (PGSSLMODE=prefer measures with it).
export PGSSLMODE=${PGSSLMODE:-disable}
DURATION=${DURATION:-10s}; BOOK_CONNECTIONS=${BOOK_CONNECTIONS:-8}
APP=http://127.0.0.1:5303; ROOMS=10; DAYS=3334   # 10 rooms × 3 sessions a day × 3,334 days = 100,020 sessions
server="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;SSL Mode=$PGSSLMODE"
work=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

drop_all() {
  for db in $(psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'rsmbench_w_%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  done
}
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || drop_all; rm -rf "$work"; }
trap cleanup EXIT
drop_all
psql -q -d postgres -c "CREATE DATABASE rsmbench_w_master"
dotnet build -c Release -nologo -v q src/StudioManager >/dev/null

Database__Provider=Postgres ConnectionStrings__Master="$server;Database=rsmbench_w_master" \
Database__TenantDatabasePrefix=rsmbench_w_s_ Data__Path="$work/data" Demo__Seed=false \
Auth__LoginAttemptsPerMinutePerIp=1000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/StudioManager/bin/Release/net10.0/StudioManager.dll --urls "$APP" \
  --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information >"$work/app.log" 2>&1 &
for _ in $(seq 1 300); do curl -sf "$APP/openapi/v1.json" >/dev/null && break; sleep 1; done
curl -sf "$APP/openapi/v1.json" >/dev/null || { echo "the app did not start:"; cat "$work/app.log"; exit 1; }

curl -sf -X POST "$APP/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1","name":"Bench","studioName":"Bench Studio"}' >/dev/null
token=$(curl -sf -X POST "$APP/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
api="$APP/api/studios/bench-studio"
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
for r in $(seq 1 $ROOMS); do
  curl -sf "${auth[@]}" -X POST "$api/rooms" -d "{\"name\":\"Room $r\",\"type\":\"recording\",\"turnoverBufferMinutes\":30,\"hourlyRate\":50,\"halfDayRate\":180,\"fullDayRate\":300}" >/dev/null
done
curl -sf "${auth[@]}" -X POST "$api/clients" -d '{"name":"Bench Client"}' >/dev/null
db=$(psql -d rsmbench_w_master -tAc "SELECT database_name FROM tenant_databases td JOIN organizations o ON o.id = td.organization_id WHERE o.slug = 'bench-studio'")

# 100,020 sessions from 2020-01-01 on (10:00–12:00, 13:00–16:00, 18:00–22:00 UTC in every room), written in SQL:
# the exclusion constraint checks them all on the way in.
psql -q -d "$db" <<SQL
INSERT INTO sessions (room_id, client_id, title, type, status, starts_at, ends_at, blocked_until, price, price_is_manual,
                      deposit_is_manual, deposit_paid, sequence, created_at, updated_at)
SELECT r, 1, 'Session ' || d || '-' || r || '-' || s, 'Recording', CASE WHEN s = 2 THEN 'Confirmed' ELSE 'Tentative' END,
       t.start, t.start + t.len, t.start + t.len + interval '30 minutes', 150, false, false, false, 0, now(), now()
FROM generate_series(0, $DAYS - 1) d, generate_series(1, $ROOMS) r, generate_series(1, 3) s,
     LATERAL (SELECT timestamptz '2020-01-01 00:00Z' + d * interval '1 day' + (ARRAY[10, 13, 18])[s] * interval '1 hour' AS start,
                     (ARRAY[2, 3, 4])[s] * interval '1 hour' AS len) t;
VACUUM ANALYZE sessions;
SQL
echo "sessions: $(psql -d "$db" -tAc 'SELECT count(*) FROM sessions')"

from=2026-03-02T00:00:00Z; to=2026-03-09T00:00:00Z   # a week in the middle of the data
week="$api/sessions?from=$from&to=$to&pageSize=200"
echo "week view: $(curl -sf -H "Authorization: Bearer $token" "$week" | sed -n 's/.*"total":\([0-9]*\).*/\1/p') sessions"
echo "--- query plan of the week view's page query (as EF sends it)"
psql -d "$db" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT s0.*, r.name, c.name, s1.user_id, s2.equipment_id FROM (
  SELECT s.* FROM sessions AS s
  WHERE s.starts_at < '$to' AND s.starts_at > timestamptz '$from' - interval '14 days' AND s.ends_at > '$from'
  ORDER BY s.starts_at, s.id LIMIT 200 OFFSET 0) AS s0
  JOIN rooms AS r ON s0.room_id = r.id JOIN clients AS c ON s0.client_id = c.id
  LEFT JOIN session_engineers AS s1 ON s0.id = s1.session_id LEFT JOIN session_equipment AS s2 ON s0.id = s2.session_id
  ORDER BY s0.starts_at, s0.id"

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
# Server-side time: the host's "Request finished … in N ms" log lines of the requests a phase made (this machine's
# cores are shared: wrk's client-side latency includes waiting for a core).
mark() { wc -l <"$work/app.log"; }
server_median() { tail -n +"$(( $1 + 1 ))" "$work/app.log" | grep "Request finished.*$2" | sed -n 's/.* \([0-9.]*\)ms$/\1/p' \
  | sort -n | awk '{a[NR]=$1} END {if (NR) printf "server-side median %.2f ms, p90 %.2f ms over %d requests\n", a[int((NR+1)/2)], a[int(NR*0.9)+(NR<10)], NR}'; }
# Warm-up: long enough for the JIT to reach its optimised tier on the hot path (a server runs warm).
wrk -t1 -c1 -d"${WARMUP:-15s}" -s "$work/auth.lua" "$week" >/dev/null
for c in 1 32; do
  echo "--- GET week view, $c connection(s)"
  at=$(mark)
  wrk -t$(( c == 1 ? 1 : 2 )) -c$c -d"$DURATION" --latency -s "$work/auth.lua" "$week" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
  server_median "$at" "GET .*/sessions?from"
done

# Booking throughput: each request books a free 2-hour slot (rooms in turn, 3 hours apart from 2040 on), checked for
# room, engineer and equipment conflicts in its write transaction.
cat >"$work/book.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local counter = 0
function init(args) counter = tonumber(args[1]) end
function request()
  counter = counter + 1
  local n = counter * 16 + tid
  local room = n % $ROOMS + 1
  local start = 2208988800 + math.floor(n / $ROOMS) * 10800
  local body = string.format('{"roomId":%d,"clientId":1,"title":"Booked","type":"recording","start":"%s","end":"%s"}',
    room, os.date("!%Y-%m-%dT%H:%M:%SZ", start), os.date("!%Y-%m-%dT%H:%M:%SZ", start + 7200))
  return wrk.format(nil, nil, nil, body)
end
LUA
round=0
for c in 1 "$BOOK_CONNECTIONS"; do
  round=$((round + 1))
  before=$(psql -d "$db" -tAc 'SELECT count(*) FROM sessions')
  echo "--- POST /sessions, $c connection(s)"
  at=$(mark)
  # Each round starts its slots far from the previous round's (no conflict expected: a non-2xx line would show one).
  wrk -t1 -c$c -d"$DURATION" --latency -s "$work/book.lua" "$api/sessions" -- $((round * 1000000)) | grep -E "Requests/sec|50%|99%|Non-2xx"
  server_median "$at" "POST .*/sessions "
  echo "sessions booked: $(( $(psql -d "$db" -tAc 'SELECT count(*) FROM sessions') - before )) in $DURATION"
done
