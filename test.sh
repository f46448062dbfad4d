#!/usr/bin/env bash
# Runs every test. Installs the pinned Azurite if missing; the tests start and stop their own instances.
set -euo pipefail
cd "$(dirname "$0")"
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
dotnet test LoyaltyBot.sln "$@"
