#!/usr/bin/env bash
# Benchmark (f): GET /api/studios/{s}/reports/receivables and GET …/invoices (first page) on PostgreSQL for a studio
# with N invoices, latency with wrk (p50, p99). Invoices are seeded with SQL (one line each, statuses and due dates
# spread: open, partly paid, paid, void), clients through the CSV import. Uses libpq variables for the server
# (PGHOST, PGPORT, PGUSER, PGPASSWORD; default 127.0.0.1, rsm/rsm, a role with CREATEDB). Everything it creates is
# dropped at the end.
#   bench/receivables.sh            N=20000 CLIENTS=500 DURATION=10s CONNECTIONS=4 THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-rsm} PGPASSWORD=${PGPASSWORD:-rsm}
N=${N:-20000}; CLIENTS=${CLIENTS:-500}; DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-4}; THREADS=${THREADS:-2}
APP=http://127.0.0.1:5331
server="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD"
work=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

drop_all() {
  for db in $(psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'rsmbenchrcv_%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
  done
}
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || drop_all; rm -rf "$work"; }
trap cleanup EXIT
drop_all
psql -q -d postgres -c "CREATE DATABASE rsmbenchrcv_master"

dotnet build -c Release -nologo -v q src/StudioManager >/dev/null

Database__Provider=Postgres ConnectionStrings__Master="$server;Database=rsmbenchrcv_master" \
Database__TenantDatabasePrefix=rsmbenchrcv_s_ Data__Path="$work/data" Demo__Seed=false \
Auth__LoginAttemptsPerMinutePerIp=1000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/StudioManager/bin/Release/net10.0/StudioManager.dll --urls "$APP" >"$work/app.log" 2>&1 &
for _ in $(seq 1 60); do curl -sf "$APP/openapi/v1.json" >/dev/null && break; sleep 1; done

curl -sf -X POST "$APP/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1","name":"Bench","studioName":"Bench Studio"}' >/dev/null
psql -q -d rsmbenchrcv_master -c "UPDATE organizations SET plan_name = 'enterprise' WHERE slug = 'bench-studio'"
token=$(curl -sf -X POST "$APP/api/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-pass-1"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')

python3 -c "
import sys
print('name,email')
for i in range(int(sys.argv[1])): print(f'Client {i},client.{i}@example.com')" "$CLIENTS" >"$work/clients.csv"
curl -sf -X POST "$APP/api/studios/bench-studio/clients/import" -H "Authorization: Bearer $token" \
  -F "file=@$work/clients.csv;type=text/csv" >/dev/null
studio_db=$(psql -d rsmbenchrcv_master -tAc "SELECT database_name FROM tenant_databases")

# N issued invoices over the last 400 days, one line each; every 5th paid, every 7th partly paid, every 11th void.
psql -q -d "$studio_db" <<SQL
INSERT INTO invoices (number, client_id, status, currency, issue_date, due_date, subtotal, tax_total, total, amount_paid,
                      created_at, updated_at, issued_at)
SELECT 'INV-' || g, c.id,
       CASE WHEN g % 11 = 0 THEN 'Void' WHEN g % 5 = 0 THEN 'Paid' WHEN g % 7 = 0 THEN 'PartiallyPaid' ELSE 'Issued' END,
       'EUR', current_date - (g % 400), current_date - (g % 400) + 30,
       (g % 997) + 0.5, round(((g % 997) + 0.5) * 0.2, 2), round(((g % 997) + 0.5) * 1.2, 2),
       CASE WHEN g % 11 = 0 THEN 0 WHEN g % 5 = 0 THEN round(((g % 997) + 0.5) * 1.2, 2) WHEN g % 7 = 0 THEN 10 ELSE 0 END,
       now() - (g % 400) * interval '1 day', now(), now() - (g % 400) * interval '1 day'
FROM generate_series(1, $N) g
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM clients) c ON c.n = g % $CLIENTS;
INSERT INTO invoice_items (invoice_id, position, description, quantity, unit_price, tax_rate, amount)
SELECT id, 1, 'Studio time', 1, subtotal, 20, subtotal FROM invoices;
VACUUM ANALYZE;
SQL
echo "seeded: $(psql -d "$studio_db" -tAc "SELECT count(*) FROM invoices") invoices, $(psql -d "$studio_db" -tAc "SELECT count(*) FROM invoices WHERE status IN ('Issued','PartiallyPaid')") open"

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
for path in "reports/receivables" "invoices"; do
  url="$APP/api/studios/bench-studio/$path"
  curl -sf "$url" -H "Authorization: Bearer $token" -o /dev/null -w "GET /$path: %{http_code}, %{size_download} bytes, %{time_total} s (first)\n"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$work/auth.lua" "$url" >/dev/null   # warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/auth.lua" "$url" >"$work/wrk.txt"
  echo "GET /$path ($CONNECTIONS connections): p50 $(awk '$1=="50%"{print $2}' "$work/wrk.txt"), p99 $(awk '$1=="99%"{print $2}' "$work/wrk.txt"), $(sed -n 's/^Requests\/sec: *//p' "$work/wrk.txt") req/s"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -d "$studio_db" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT client_id, currency, count(*), sum(total), sum(amount_paid) FROM invoices WHERE status IN ('Issued','PartiallyPaid') GROUP BY client_id, currency" | tail -12
