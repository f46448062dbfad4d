#!/usr/bin/env bash
# Runs LoyaltyBot locally: installs the pinned Azurite if missing, starts it on loopback (or reuses one already
# listening there), and runs src/Functions standalone against it on http://localhost:7071.
set -euo pipefail
cd "$(dirname "$0")"

blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
[ -f local.settings.json ] || cp local.settings.example.json local.settings.json

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if listening "$table_port"; then
  echo "Using the Azurite already listening on 127.0.0.1:$table_port."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do listening "$table_port" && break; sleep 0.1; done
  echo "Azurite is listening on 127.0.0.1:$blob_port (blob), $queue_port (queue), $table_port (table); data in .azurite/."
fi

key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
# Built and started directly: `dotnet run` of a Functions worker project starts Core Tools (`func start`) instead.
dotnet build src/Functions -c Release --nologo -v quiet
cd src/Functions
dotnet bin/Release/net10.0/LoyaltyBot.Functions.dll "$@"
