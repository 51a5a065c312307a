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
export RSM_CHROMIUM="${RSM_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"

# Redocly's CLI for the OpenAPI lint test (Api/OpenApiDocumentTests), at the version pinned in tools/openapi-lint.
(cd tools/openapi-lint && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || say "npm ci in tools/openapi-lint failed: the OpenAPI lint test will fail"

results=$(mktemp -d)
status=0
dotnet build StudioManager.slnx -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A project that crashed before writing its results counts as a failure.
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
rm -rf "$results"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $status -eq 0 ]
