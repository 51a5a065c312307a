#!/usr/bin/env bash
# Issue 10's fleet benchmarks on PostgreSQL, in one run (each step builds on the previous one's studios):
#   (d) registration: REGISTRATIONS sign-ups one after another (each creates a user, a studio and its database): p50/p90
#   (c) fleet migration: the latest tenant migration undone in MIGRATE_STUDIOS studio databases (the state of a fleet
#       before a deploy that brings one new migration), then `StudioManager migrate`: seconds; then resumable: undone
#       again, `migrate` killed half-way, run again: every studio at the latest version, each migration applied once
#   (a) reading: STUDIOS studios, CONNECTIONS wrk connections reading GET /clients?pageSize=20 round-robin across all
#       of them for DURATION on the stock server (one app node, its budget), then through PgBouncer with two app nodes;
#       requests/s, latency percentiles, non-2xx answers, peak server connections (pg_stat_activity)
# Server from libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1 rsm/rsm, a role with CREATEDB).
# Everything it creates is dropped at the end (2,000 studio databases take about 16 GB).
#   bench/fleet.sh        REGISTRATIONS=100 MIGRATE_STUDIOS=1000 STUDIOS=2000 DURATION=60s CONNECTIONS=32 PARALLEL=4
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-rsm} PGPASSWORD=${PGPASSWORD:-rsm}
REGISTRATIONS=${REGISTRATIONS:-100}; MIGRATE_STUDIOS=${MIGRATE_STUDIOS:-1000}; STUDIOS=${STUDIOS:-2000}
DURATION=${DURATION:-60s}; CONNECTIONS=${CONNECTIONS:-32}; PARALLEL=${PARALLEL:-4}
server="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD"
work=$(mktemp -d); chmod 755 "$work"
dll=src/StudioManager/bin/Release/net10.0/StudioManager.dll
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
pgbouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
[ -x "$pgbouncer" ] || { apt-get update -qq && apt-get install -y -qq pgbouncer >/dev/null; }

drop_all() {
  # A second pass for a drop that met an autovacuum worker (FORCE may not end it without superuser rights).
  for _ in 1 2; do
    psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'rsmbench_%'" |
      xargs -r -P 4 -I{} psql -q -d postgres -c 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)' && return 0
    sleep 2
  done
  return 1
}
cleanup() {
  stop_apps; kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true
  [ -f "$work/pgbouncer.pid" ] && kill "$(cat "$work/pgbouncer.pid")" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept: $work" || { drop_all; rm -rf "$work"; }
}
trap cleanup EXIT
drop_all
psql -q -d postgres -c "CREATE DATABASE rsmbench_master"
dotnet build -c Release -nologo -v q src/StudioManager >/dev/null
dotnet build -nologo -v q src/StudioManager >/dev/null # Debug, for dotnet ef

# One app node's configuration: its connection budget is the default (60), registrations are not rate limited.
app_env=(Database__Provider=Postgres ConnectionStrings__Master="$server;Database=rsmbench_master"
  Database__TenantDatabasePrefix=rsmbench_s_ Data__Path="$work/data" Demo__Seed=false
  Auth__LoginAttemptsPerMinutePerIp=100000 Auth__RegistrationsPerHourPerIp=100000
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production)
apps=()
start_app() { # url [extra env...]
  local url=$1; shift
  ! curl -s -o /dev/null "$url" || { echo "something already listens at $url"; exit 1; }
  env "${app_env[@]}" "$@" dotnet "$dll" --urls "$url" >>"$work/app.log" 2>&1 & apps+=($!)
  for _ in $(seq 1 90); do curl -sf "$url/openapi/v1.json" >/dev/null && return; sleep 1; done
  echo "the app did not start at $url"; tail -20 "$work/app.log"; exit 1
}
stop_apps() { [ ${#apps[@]} = 0 ] || kill "${apps[@]}" 2>/dev/null || true; wait "${apps[@]}" 2>/dev/null || true; apps=(); }
percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; printf "%.0f", a[i]*1000}'; }

APP=http://127.0.0.1:5321
start_app "$APP"

# (d) Registration, one after another.
echo "== (d) registration: $REGISTRATIONS sign-ups, one at a time"
for i in $(seq 1 "$REGISTRATIONS"); do
  curl -s -o "$work/register.json" -w '%{http_code} %{time_total}\n' -X POST "$APP/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"owner$i@bench.example\",\"password\":\"bench-pass-1\",\"name\":\"Owner $i\",\"studioName\":\"Bench $i\"}"
done >"$work/registrations.txt"
failed=$(grep -vc '^201 ' "$work/registrations.txt" || true)
[ "$failed" = 0 ] || { echo "$failed registrations failed, the last answer:"; cat "$work/register.json"; exit 1; }
cut -d' ' -f2 "$work/registrations.txt" >"$work/registration-times.txt"
echo "registration p50 $(percentile 50 <"$work/registration-times.txt") ms, p90 $(percentile 90 <"$work/registration-times.txt") ms"

# More studios for one owner (POST /api/studios: same creation, no sign-up), PARALLEL at a time.
token=$(curl -sf -X POST "$APP/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"owner1@bench.example","password":"bench-pass-1"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
grow_to() { # total studios
  local have; have=$(psql -d rsmbench_master -tAc "SELECT count(*) FROM organizations")
  [ "$have" -ge "$1" ] && return
  local start=$SECONDS
  seq $((have + 1)) "$1" | xargs -P "$PARALLEL" -I{} curl -sf -o /dev/null -X POST "$APP/api/studios" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{"name":"Fleet {}"}'
  echo "grew to $1 studios in $((SECONDS - start)) s ($PARALLEL at a time)"
}
grow_to "$MIGRATE_STUDIOS"
stop_apps

# (c) Fleet migration: the latest tenant migration undone in every studio database, then `migrate`.
migrations=$(ls src/StudioManager.Migrations.Postgres/Tenant/ | grep -E '^[0-9]+_.*\.cs$' | grep -v Designer | sed 's/\.cs$//' | sort)
latest=$(echo "$migrations" | tail -1); previous=$(echo "$migrations" | tail -2 | head -1)
dotnet tool restore >/dev/null
dotnet ef migrations script "$latest" "$previous" --no-build --project src/StudioManager \
  --context PostgresTenantDbContext -o "$work/down.sql" >/dev/null
undo_latest() {
  psql -d rsmbench_master -tAc "SELECT database_name FROM tenant_databases" |
    xargs -P 8 -I{} psql -q -v ON_ERROR_STOP=1 -d {} -f "$work/down.sql" >/dev/null
  psql -q -d rsmbench_master -c "UPDATE tenant_databases SET schema_version = '$previous'"
}
migrate() { env "${app_env[@]}" ${MIGRATION_PARALLELISM:+Database__MigrationParallelism=$MIGRATION_PARALLELISM} dotnet "$dll" migrate 2>&1; }
count=$(psql -d rsmbench_master -tAc "SELECT count(*) FROM tenant_databases")
echo "== (c) fleet migration: $count studio databases, $latest undone in each"
undo_latest
start=$(date +%s.%N)
migrate | tail -3
echo "migrate: $(echo "$(date +%s.%N) - $start" | bc) s wall clock (process start included)"
echo "-- resumable: undone again, migrate killed once a third of the studios are done, run again"
undo_latest
at_latest() { psql -d rsmbench_master -tAc "SELECT count(*) FROM tenant_databases WHERE schema_version = '$latest'"; }
env "${app_env[@]}" dotnet "$dll" migrate >"$work/killed.txt" 2>&1 & killed=$!
while [ "$(at_latest)" -lt $((count / 3)) ] && kill -0 $killed 2>/dev/null; do sleep 0.2; done
kill -KILL $killed 2>/dev/null || true; wait $killed 2>/dev/null || true
echo "at the kill: $(at_latest) of $count at $latest"
migrate | tail -3
psql -d rsmbench_master -tAc "SELECT database_name FROM tenant_databases" |
  xargs -P 8 -I{} psql -d {} -tAc "SELECT count(*) FROM \"__EFMigrationsHistory\" WHERE migration_id = '$latest'" | sort | uniq -c |
  awk -v l="$latest" '{print "databases with " $2 " row(s) for " l ": " $1}'
psql -d rsmbench_master -tAc "SELECT schema_version, count(*) FROM tenant_databases GROUP BY 1" | sed 's/^/schema_version|count: /'

# (a) Reading round-robin across every studio. Migrated above: the nodes do not migrate at start (a thousand studios
# would take them minutes), as an operator running `migrate` on deploy would configure them.
app_env+=(Database__MigrateOnStartup=false)
start_app "$APP"
grow_to "$STUDIOS"
cat >"$work/round-robin.lua" <<LUA
local slugs = {}
for line in io.lines("$work/slugs.txt") do slugs[#slugs + 1] = line end
local threads, n = 0, 0
wrk.headers["Authorization"] = "Bearer $token"
-- Each thread starts elsewhere in the list and walks it with a stride: consecutive requests hit different studios.
setup = function(thread) thread:set("first", threads * 997); threads = threads + 1 end
init = function() n = first end
request = function()
  n = n + 1
  return wrk.format("GET", "/api/studios/" .. slugs[(n * 7919) % #slugs + 1] .. "/clients?pageSize=20")
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx %d, socket errors %d\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
# owner1 owns every studio after the first REGISTRATIONS: read only those (the others belong to other owners).
psql -d rsmbench_master -tAc "SELECT o.slug FROM organizations o JOIN organization_members m ON m.organization_id = o.id
  JOIN users u ON u.id = m.user_id WHERE u.email = 'owner1@bench.example' ORDER BY o.id" >"$work/slugs.txt"
echo "== (a) $(wc -l <"$work/slugs.txt") studios read round-robin, $CONNECTIONS connections, $DURATION"
peak_connections() { # samples pg_stat_activity until killed, prints the peak at the end
  local peak=0 now
  trap 'echo "peak server connections: $peak"; exit 0' TERM
  while true; do
    now=$(psql -d postgres -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'rsmbench_%'")
    [ "$now" -gt "$peak" ] && peak=$now; sleep 0.2
  done
}
read_fleet() { # label urls...
  local label=$1; shift
  local per=$((CONNECTIONS / $#)) sampler pids=()
  peak_connections & sampler=$!
  for url in "$@"; do
    wrk -t2 -c"$per" -d"$DURATION" --timeout 30s --latency -s "$work/round-robin.lua" "$url" >"$work/wrk-$label-${url##*:}.txt" 2>&1 & pids+=($!)
  done
  wait "${pids[@]}"; kill -TERM $sampler; wait $sampler 2>/dev/null || true
  for url in "$@"; do
    echo "-- $label, node $url"
    grep -E "Requests/sec|^ +50%|^ +99%|requests .*non-2xx" "$work/wrk-$label-${url##*:}.txt"
  done
}
curl -sf -o /dev/null "$APP/api/studios/$(head -1 "$work/slugs.txt")/clients" -H "Authorization: Bearer $token" # warm
read_fleet direct "$APP"
grep -c " 503 \|ServerBusy" "$work/app.log" | sed 's/^/503s in the log: /' || true
stop_apps

# The same through PgBouncer (transaction pooling, wildcard database, a cap per user) with two app nodes.
cat >"$work/pgbouncer.ini" <<INI
[databases]
* = host=$PGHOST port=$PGPORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6439
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $work/userlist.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
max_user_connections = ${POOLER_SERVER_CONNECTIONS:-80}
server_idle_timeout = 5
ignore_startup_parameters = extra_float_digits
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
INI
printf '"%s" "%s"\n' "$PGUSER" "$PGPASSWORD" >"$work/userlist.txt"
if [ "$(id -u)" = 0 ]; then chown postgres "$work" "$work"/pgbouncer.ini "$work"/userlist.txt; runuser -u postgres -- "$pgbouncer" -d "$work/pgbouncer.ini"
else "$pgbouncer" -d "$work/pgbouncer.ini"; fi
APP2=http://127.0.0.1:5322
start_app "$APP" Database__Pooler=127.0.0.1:6439
start_app "$APP2" Database__Pooler=127.0.0.1:6439
echo "== (a) through PgBouncer (server connections capped at ${POOLER_SERVER_CONNECTIONS:-80}), two app nodes"
read_fleet pgbouncer "$APP" "$APP2"
stop_apps
