#!/usr/bin/env bash
# Benchmark (b): GET /api/studios/{s}/clients?q=… on PostgreSQL with 10,000 clients, requests per second with wrk,
# beside a minimal endpoint running the same SQL through raw Npgsql (bench/StudioManager.Bench raw-search).
# The figure is the ratio app / raw. Uses libpq variables for the server (PGHOST, PGPORT, PGUSER, PGPASSWORD;
# default 127.0.0.1, rsm/rsm, a role with CREATEDB). Everything it creates is dropped at the end.
#   bench/clients-search.sh            N=10000 Q=smith DURATION=10s ROUNDS=5 CONNECTIONS=32 THREADS=2 WARMUP=20s
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-rsm} PGPASSWORD=${PGPASSWORD:-rsm}
# The app and PostgreSQL share this machine: no TLS over the loopback (PGSSLMODE=prefer measures with it).
export PGSSLMODE=${PGSSLMODE:-disable}
N=${N:-10000}; Q=${Q:-smith}; DURATION=${DURATION:-10s}; ROUNDS=${ROUNDS:-5}; CONNECTIONS=${CONNECTIONS:-32}; THREADS=${THREADS:-2}; WARMUP=${WARMUP:-20s}
APP=http://127.0.0.1:5301; RAW=http://127.0.0.1:5302
server="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;SSL Mode=$PGSSLMODE"
work=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

drop_all() {
  for db in $(psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'rsmbench_%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  done
}
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || drop_all; rm -rf "$work"; }
trap cleanup EXIT
drop_all
psql -q -d postgres -c "CREATE DATABASE rsmbench_master"

dotnet build -c Release -nologo -v q src/StudioManager >/dev/null
dotnet build -c Release -nologo -v q bench/StudioManager.Bench >/dev/null

Database__Provider=Postgres ConnectionStrings__Master="$server;Database=rsmbench_master" \
Database__TenantDatabasePrefix=rsmbench_s_ Data__Path="$work/data" Demo__Seed=false \
Auth__LoginAttemptsPerMinutePerIp=1000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/StudioManager/bin/Release/net10.0/StudioManager.dll --urls "$APP" >"$work/app.log" 2>&1 &
for _ in $(seq 1 60); do curl -sf "$APP/openapi/v1.json" >/dev/null && break; sleep 1; done

curl -sf -X POST "$APP/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1","name":"Bench","studioName":"Bench Studio"}' >/dev/null
# N clients pass the trial plan's client limit: the bench studio is on the unlimited plan.
psql -q -d rsmbench_master -c "UPDATE organizations SET plan_name = 'enterprise' WHERE slug = 'bench-studio'"
token=$(curl -sf -X POST "$APP/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')

# N clients from name lists (deterministic), imported through the product's CSV import.
python3 - "$N" >"$work/clients.csv" <<'PY'
import sys, random
random.seed(42)
first = "Ada Ben Cleo Dan Eva Finn Gus Hana Ivo Jade Kai Lea Max Nina Otto Pia Quinn Rosa Sam Tess Uma Vic Wes Xena Yann Zoe Alba Bo Cyd Dora Eli Fay Gil Hugo Iris Joe Kira Liam Mia Noe".split()
last = "Smith Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Lefevre Mercier Dupont Lambert Bonnet Francois Martinez Legrand Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clement Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gerard Nguyen Boyer Denis Lemaire Duval Joly".split()
genres = "rock pop jazz hip-hop electro folk metal soul funk classical".split()
print("name,artist_name,email,phone,genres")
for i in range(int(sys.argv[1])):
    f, l = random.choice(first), random.choice(last)
    print(f"{f} {l},{l.upper()} {i},{f.lower()}.{l.lower()}.{i}@example.com,+33 6 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d} {random.randint(10, 99)},{random.choice(genres)}")
PY
curl -sf -X POST "$APP/api/studios/bench-studio/clients/import" -H "Authorization: Bearer $token" \
  -F "file=@$work/clients.csv;type=text/csv" >"$work/import.json" || { cat "$work/import.json"; exit 1; }
echo "imported: $(head -c 200 "$work/import.json")"
# The studio's database (its name carries the installation's key).
studio_db=$(psql -d rsmbench_master -tAc "SELECT database_name FROM tenant_databases")
# Steady state: what autovacuum does within a minute of a bulk import (statistics, GIN pending list merged).
psql -q -d "$studio_db" -c "VACUUM ANALYZE clients"

dotnet bench/StudioManager.Bench/bin/Release/net10.0/StudioManager.Bench.dll raw-search "$server;Database=$studio_db" "$RAW" >"$work/raw.log" 2>&1 &
for _ in $(seq 1 30); do curl -sf "$RAW/raw/clients?q=x" >/dev/null && break; sleep 1; done

# Both sides answer the same page: the same total and the same clients in the same order.
page_of() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["items"]), *[i["id"] for i in d["items"]])'; }
app_page=$(curl -sf "$APP/api/studios/bench-studio/clients?q=$Q" -H "Authorization: Bearer $token" | page_of)
raw_page=$(curl -sf "$RAW/raw/clients?q=$Q" | page_of)
echo "q=$Q matches $(cut -d' ' -f1 <<<"$app_page") clients, $(cut -d' ' -f2 <<<"$app_page") on the page (raw: $(cut -d' ' -f1,2 <<<"$raw_page"))"
[ "$app_page" = "$raw_page" ] || { echo "the two endpoints disagree"; exit 1; }

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
rps() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@" | tee -a "$work/wrk.log" | sed -n 's/^Requests\/sec: *//p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# Warm-up, both sides alike: tiered JIT recompiles the hot paths with profile data for some seconds under load (a
# profile 20 s after the app's start still showed the JIT at work), and the app has far more code on its path.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/auth.lua" "$APP/api/studios/bench-studio/clients?q=$Q" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$RAW/raw/clients?q=$Q" >/dev/null
# This machine's throughput drifts between runs (shared cores): alternate the two for ROUNDS rounds, take medians.
: >"$work/app.rps"; : >"$work/raw.rps"
for round in $(seq 1 "$ROUNDS"); do
  rps -s "$work/auth.lua" "$APP/api/studios/bench-studio/clients?q=$Q" >>"$work/app.rps"
  rps "$RAW/raw/clients?q=$Q" >>"$work/raw.rps"
  echo "round $round: app $(tail -1 "$work/app.rps") req/s, raw $(tail -1 "$work/raw.rps") req/s"
done
app_rps=$(median <"$work/app.rps"); raw_rps=$(median <"$work/raw.rps")
grep -E "Latency|Non-2xx" "$work/wrk.log" | sort | uniq -c | sort -rn | head -4 || true
echo "app  GET /api/studios/{s}/clients?q=$Q : median $app_rps req/s"
echo "raw  Npgsql, same SQL               : median $raw_rps req/s"
python3 -c "print(f'ratio app/raw = {float(\"$app_rps\") / float(\"$raw_rps\"):.2f}')"
