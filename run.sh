#!/usr/bin/env bash
# Runs LoyaltyBot locally: installs the pinned Azurite if missing, starts it on loopback (or reuses an Azurite already
# listening on its three ports), and runs src/Functions standalone against it on http://localhost:7071.
# A port taken by another program stops it with one line naming the setting to change; Ctrl+C stops app and Azurite.
set -euo pipefail
cd "$(dirname "$0")"
# `wait -n` below came with bash 4.3; macOS ships 3.2.
if ((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 403)); then echo "run.sh: needs bash 4.3 or newer (on macOS: brew install bash)" >&2; exit 1; fi

blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}
export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://localhost:7071}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# An Azurite answers every request with "Server: Azurite-<Service>/<version>".
azurite_on() {
  node -e 'require("http").get({ host: "127.0.0.1", port: process.argv[1], timeout: 2000 },
             r => process.exit(/^Azurite/.test(r.headers.server ?? "") ? 0 : 1))
           .on("error", () => process.exit(1)).on("timeout", () => process.exit(1));' "$1"
}

# One line naming the setting to change, with an example; $4 is the example's value with <port> for the other port.
port_taken() {
  local other=$(($1 < 55536 ? $1 + 10000 : $1 - 10000))
  echo "run.sh: port $1 ($2) is in use by another program; choose another with $3=${4//<port>/$other} ./run.sh" >&2
  exit 1
}

# The app's port first: a second ./run.sh stops here, before it touches the first one's Azurite.
for url in ${ASPNETCORE_URLS//;/ }; do
  app_port=${url##*:}; app_port=${app_port%%/*}
  [[ $app_port =~ ^[0-9]+$ ]] || continue
  if listening "$app_port"; then port_taken "$app_port" "the app" ASPNETCORE_URLS "http://localhost:<port>"; fi
done

reuse_azurite=false
if azurite_on "$blob_port" && azurite_on "$queue_port" && azurite_on "$table_port"; then
  reuse_azurite=true
else
  if listening "$blob_port"; then port_taken "$blob_port" "Azurite's blob service" AZURITE_BLOB_PORT "<port>"; fi
  if listening "$queue_port"; then port_taken "$queue_port" "Azurite's queue service" AZURITE_QUEUE_PORT "<port>"; fi
  if listening "$table_port"; then port_taken "$table_port" "Azurite's table service" AZURITE_TABLE_PORT "<port>"; fi
fi

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
[ -f local.settings.json ] || cp local.settings.example.json local.settings.json

azurite_pid='' app_pid=''
# Stops the app and Azurite together (Azurite's shutdown waits for the app's connections to close) and kills
# whatever has not stopped after 2 s.
stop() {
  trap - INT TERM EXIT
  local pids=($app_pid $azurite_pid)
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  (sleep 2; kill -KILL "${pids[@]}") >/dev/null 2>&1 &
  local deadline=$!
  wait "${pids[@]}" 2>/dev/null || true
  kill "$deadline" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

if $reuse_azurite; then
  echo "Using the Azurite already listening on 127.0.0.1:$blob_port, $queue_port and $table_port."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" > .azurite/azurite.log 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$azurite_pid" 2>/dev/null || { echo "run.sh: Azurite stopped at start; its output is in .azurite/azurite.log" >&2; exit 1; }
    listening "$table_port" && listening "$queue_port" && listening "$blob_port" && break
    sleep 0.1
  done
  echo "Azurite is listening on 127.0.0.1:$blob_port (blob), $queue_port (queue), $table_port (table); data in .azurite/."
fi

key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
# Built and started directly: `dotnet run` of a Functions worker project starts Core Tools (`func start`) instead.
# Its output is shown only when it fails: a good build's only notes are the restore's expected NU1603 warnings.
echo "Building the app..."
build_output=$(dotnet build src/Functions -c Release --nologo -v quiet 2>&1) || { echo "$build_output" >&2; exit 1; }
cd src/Functions
# In the background so that a signal reaches the trap at once rather than after the app has exited.
dotnet bin/Release/net10.0/LoyaltyBot.Functions.dll "$@" &
app_pid=$!
# Whichever stops first ends the run: an app without its storage would only log failures.
status=0; wait -n || status=$?
if [ -n "$azurite_pid" ] && ! kill -0 "$azurite_pid" 2>/dev/null; then
  echo "run.sh: Azurite stopped; its output is in .azurite/azurite.log" >&2; status=1
fi
exit "$status"
