#!/usr/bin/env bash
# Fails when gen/ is not exactly what `npm run generate` makes now: what
# `buf generate` makes from proto/, and the OpenAPI document
# scripts/generate-openapi.ts makes from the descriptors and the REST route
# table. Generated code is committed and never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx buf generate --output "$tmp"
node --import tsx scripts/generate-openapi.ts --out "$tmp/gen/openapi/mobility-rest.openapi.json" >/dev/null
if ! diff -r "$tmp/gen" gen >/dev/null; then
  diff -ru gen "$tmp/gen" | head -40 >&2 || true
  echo "gen/ is stale or was edited by hand: run 'npm run generate' and commit the result" >&2
  exit 1
fi
echo "gen/ matches proto/ and the REST route table"
