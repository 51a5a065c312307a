#!/usr/bin/env bash
# Adds a migration NAME to both contexts (master, tenant) for both providers (PostgreSQL, SQLite).
# Usage: scripts/add-migration.sh NAME [master|tenant]
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh NAME [master|tenant]}
only=${2:-}
dotnet tool restore >/dev/null
dotnet build src/StudioManager -v q -nologo >/dev/null
for provider in Postgres Sqlite; do
  for ctx in Master Tenant; do
    lower=$(echo "$ctx" | tr 'A-Z' 'a-z')
    [ -n "$only" ] && [ "$only" != "$lower" ] && continue
    dotnet ef migrations add "$name" --no-build --project src/StudioManager --context "${provider}${ctx}DbContext" \
      --output-dir "../StudioManager.Migrations.${provider}/${ctx}" --namespace "StudioManager.Migrations.${provider}.${ctx}"
  done
done
# EF writes the model snapshot under the project by namespace (it does not look outside the project for the
# existing one): move it beside its migrations.
for f in src/StudioManager/StudioManager/Migrations/*/*/*ModelSnapshot.cs; do
  [ -e "$f" ] || continue
  rel=${f#src/StudioManager/StudioManager/Migrations/}   # Postgres/Master/X.cs
  mv -f "$f" "src/StudioManager.Migrations.${rel%%/*}/${rel#*/}"
done
rm -rf src/StudioManager/StudioManager
