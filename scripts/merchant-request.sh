#!/usr/bin/env bash
# Signs and sends one merchant request, as a till would.
#   MERCHANT_ID=m... MERCHANT_SECRET=whsec_... scripts/merchant-request.sh purchases '{"purchaseId":"p-1001",...}'
#   METHOD=DELETE scripts/merchant-request.sh redemptions/r-77        (an empty body is signed as "<t>.")
# LOYALTY_URL defaults to the run command's http://localhost:7071. Needs bash, openssl and curl.
set -euo pipefail
path=${1:?usage: merchant-request.sh <purchases|refunds|redemptions[/id]> [json body]}
body=${2:-}
url=${LOYALTY_URL:-http://localhost:7071}
t=$(date +%s)
# X-Loyalty-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<raw body>")>
v1=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "${MERCHANT_SECRET:?set MERCHANT_SECRET}" -hex | sed 's/^.*= //')
curl -sS -X "${METHOD:-POST}" "$url/api/merchants/${MERCHANT_ID:?set MERCHANT_ID}/$path" \
  -H 'Content-Type: application/json' -H "X-Loyalty-Signature: t=$t,v1=$v1" --data-binary "$body" \
  -w '\nHTTP %{http_code}\n'
