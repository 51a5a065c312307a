#!/usr/bin/env bash
# The test command. Makes PostgreSQL and Chromium available, runs every test project, and ends with one line
# "N passed, N failed". Uses RSM_TEST_POSTGRES (an Npgsql connection string to a server whose role may CREATE
# DATABASE) when set; otherwise starts Debian's PostgreSQL cluster, installing it with apt-get when missing.
# With CI=true a missing PostgreSQL or Chromium is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")"

say() { echo "test.sh: $*" >&2; }
apt_install() {
  [ "$(id -u)" = 0 ] || { say "not root: cannot apt-get install $*"; return 1; }
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null 2>&1; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
as_postgres() { if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -c "$*"; fi; }

if [ -z "${RSM_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    say "installing PostgreSQL"
    apt_install postgresql || { say "PostgreSQL could not be installed"; echo "0 passed, 1 failed"; exit 1; }
  fi
  version=$(ls /etc/postgresql | sort -n | tail -1)
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  if ! pg_isready -q -h 127.0.0.1; then say "PostgreSQL did not start"; echo "0 passed, 1 failed"; exit 1; fi
  as_postgres psql -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rsm_test') THEN
        CREATE ROLE rsm_test LOGIN CREATEDB PASSWORD 'rsm_test';
      END IF; END \$\$;" >/dev/null
  port=$(as_postgres psql -tAc "SHOW port" | tr -d ' ')
  export RSM_TEST_POSTGRES="Host=127.0.0.1;Port=${port};Username=rsm_test;Password=rsm_test"
fi

# A second PostgreSQL cluster, with its own port and role, for the several-servers test (RSM_TEST_POSTGRES_2).
if [ -z "${RSM_TEST_POSTGRES_2:-}" ] && [ "$(id -u)" = 0 ] && command -v pg_createcluster >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  [ -d "/etc/postgresql/$version/rsmsecond" ] || pg_createcluster "$version" rsmsecond >/dev/null 2>&1
  pg_ctlcluster "$version" rsmsecond start 2>/dev/null || true
  port2=$(pg_lsclusters -h | awk '$2 == "rsmsecond" {print $3}')
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port2" && break; sleep 1; done
  as_postgres psql -p "$port2" -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rsm_second') THEN
        CREATE ROLE rsm_second LOGIN CREATEDB PASSWORD 'rsm_second';
      END IF; END \$\$;" >/dev/null && export RSM_TEST_POSTGRES_2="Host=127.0.0.1;Port=${port2};Username=rsm_second;Password=rsm_second"
fi
[ -n "${RSM_TEST_POSTGRES_2:-}" ] || say "no second PostgreSQL cluster (run as root with pg_createcluster): the several-servers test will fail"

if ! command -v chromium >/dev/null 2>&1; then
  say "installing Chromium"
  apt_install chromium || true
fi
if ! command -v chromium >/dev/null 2>&1; then
  say "Chromium is missing: the browser tests will fail"
  [ "${CI:-}" = "true" ] && { echo "0 passed, 1 failed"; exit 1; }
fi
# ffmpeg reads the uploaded audio (duration, sample rate, channels, waveform) for every accepted format.
if ! command -v ffmpeg >/dev/null 2>&1; then
  say "installing ffmpeg"
  apt_install ffmpeg || true
fi
if ! command -v ffmpeg >/dev/null 2>&1; then
  say "ffmpeg is missing: the audio format tests will fail"
  [ "${CI:-}" = "true" ] && { echo "0 passed, 1 failed"; exit 1; }
fi
# poppler's pdftotext reads the invoice PDFs back in the sales tests.
if ! command -v pdftotext >/dev/null 2>&1; then
  say "installing poppler-utils"
  apt_install poppler-utils || true
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  say "pdftotext is missing: the PDF tests will fail"
  [ "${CI:-}" = "true" ] && { echo "0 passed, 1 failed"; exit 1; }
fi
export RSM_CHROMIUM="${RSM_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"

# Redocly's CLI for the OpenAPI lint test (Api/OpenApiDocumentTests), at the version pinned in tools/openapi-lint.
(cd tools/openapi-lint && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || say "npm ci in tools/openapi-lint failed: the OpenAPI lint test will fail"
# s3rver, a real S3-compatible server, for the S3 storage tests (Projects/S3StorageTests), at the version pinned in tools/s3-server.
(cd tools/s3-server && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || say "npm ci in tools/s3-server failed: the S3 storage tests will fail"

# PgBouncer (transaction pooling, one wildcard database entry, a server-side cap) in front of the same server, on a
# port of its own, for a second run of the tenancy tests through it. It refuses to run as root: as root it runs as
# postgres (or nobody).
pgbouncer_dir=""
start_pgbouncer() {
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || { say "installing PgBouncer"; apt_install pgbouncer; } || return 1
  local bin; bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  setting() { echo "$RSM_TEST_POSTGRES" | tr ';' '\n' | sed -n "s/^ *\($1\) *= *//Ip" | head -1; }
  local host port user password listen
  host=$(setting 'Host\|Server'); port=$(setting Port); user=$(setting 'Username\|User ID\|User'); password=$(setting Password)
  for listen in $(seq 16432 16532); do (exec 3<>"/dev/tcp/127.0.0.1/$listen") 2>/dev/null || break; done
  pgbouncer_dir=$(mktemp -d /tmp/rsm-pgbouncer.XXXXXX)
  cat > "$pgbouncer_dir/pgbouncer.ini" <<INI
[databases]
* = host=${host:-127.0.0.1} port=${port:-5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $pgbouncer_dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
max_user_connections = 20
server_idle_timeout = 5
ignore_startup_parameters = extra_float_digits
logfile = $pgbouncer_dir/pgbouncer.log
pidfile = $pgbouncer_dir/pgbouncer.pid
INI
  printf '"%s" "%s"\n' "$user" "$password" > "$pgbouncer_dir/userlist.txt"
  if [ "$(id -u)" = 0 ]; then
    local runner=postgres; id postgres >/dev/null 2>&1 || runner=nobody
    chown -R "$runner" "$pgbouncer_dir"
    runuser -u "$runner" -- "$bin" -d "$pgbouncer_dir/pgbouncer.ini" || return 1
  else
    "$bin" -d "$pgbouncer_dir/pgbouncer.ini" || return 1
  fi
  for _ in $(seq 1 20); do (exec 3<>"/dev/tcp/127.0.0.1/$listen") 2>/dev/null && break; sleep 0.5; done
  export RSM_TEST_PGBOUNCER_ADDRESS="127.0.0.1:$listen"
}
stop_pgbouncer() { [ -n "$pgbouncer_dir" ] && [ -f "$pgbouncer_dir/pgbouncer.pid" ] && kill "$(cat "$pgbouncer_dir/pgbouncer.pid")" 2>/dev/null; true; }
trap stop_pgbouncer EXIT

results=$(mktemp -d)
status=0
dotnet build StudioManager.slnx -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

# The tenancy tests once more, through PgBouncer: registration and provisioning, migration, studio names, clients.
if start_pgbouncer; then
  RSM_TEST_PGBOUNCER="$RSM_TEST_PGBOUNCER_ADDRESS" dotnet test tests/StudioManager.Tests/StudioManager.Tests.csproj --no-build -nologo \
    --filter "FullyQualifiedName~_Postgres&(FullyQualifiedName~StudioManager.Tests.Clients.|FullyQualifiedName~Registration|FullyQualifiedName~CommandLine|FullyQualifiedName~DatabaseName)" \
    --logger "trx;LogFileName=through-pgbouncer.trx" --results-directory "$results" || status=1
else
  say "PgBouncer could not be started: the tenancy tests through it fail"
  status=1
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# What failed, and why: dotnet test prints a fixture's clean-up failure as one line without its message.
if [ $failed -ne 0 ] || [ $status -ne 0 ]; then
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] && python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
for r in root.iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    m = r.find(".//t:Message", ns); st = r.find(".//t:StackTrace", ns)
    print("FAILED", r.get("testName")); print((m.text or "")[:2000]); print("\n".join((st.text or "").splitlines()[:15]))
for r in root.iterfind(".//t:RunInfo", ns):
    if r.get("outcome") in ("Error", "Failed"):
        t = r.find("t:Text", ns); print("RUN ERROR:", "\n".join((t.text or "").splitlines()[:40]))
PY
  done
fi
# A project that crashed before writing its results counts as a failure.
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
rm -rf "$results"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $status -eq 0 ]
