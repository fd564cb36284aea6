#!/usr/bin/env bash
# The Prometheus drill (docs/operations.md#the-prometheus-drill): the gateway on its embedded defaults, a real
# Prometheus (Debian's package) scraping it every second, a minute of load, then the series Prometheus stored plotted
# into an SVG. Everything listens on 127.0.0.1.
#   bash ops/prometheus-drill/drill.sh [seconds of load, default 60] [connections, default 4]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
connections=${2:-4}
work=$(mktemp -d /tmp/attest-prometheus-drill.XXXXXX)
gw_port=18095
prom_port=19090
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

for tool in prometheus wrk curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$tool" >/dev/null
  fi
done
jar="$root/infrastructure/target/attest-gateway.jar"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$java" ] || java=java

echo "gateway on 127.0.0.1:$gw_port, Prometheus on 127.0.0.1:$prom_port, files in $work"
"$java" -XX:+ExitOnOutOfMemoryError -jar "$jar" --gateway.data-dir="$work/gateway" --server.port=$gw_port \
  --gateway.local-issuer.token-lifetime=2h --gateway.dispatch.campaign-pacing=false \
  --gateway.limits.defaults.recipient-messages=0 > "$work/gateway.log" 2>&1 & pids+=($!)
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$gw_port/actuator/health/readiness" >/dev/null && break
  sleep 1
done
token() { curl -fs -u "$1:$2" -d grant_type=client_credentials "http://127.0.0.1:$gw_port/oauth2/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
token registry-operator operator-secret > "$work/operations.token"
acme=$(token acme-app acme-secret)
for i in $(seq 0 19); do
  curl -fs -o /dev/null -H "Authorization: Bearer $acme" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$gw_port/v1/consents/opt-ins" -d "{\"brandId\":\"acme-brand\",\"subscriber\":\"+1555767$(printf %04d "$i")\",
    \"campaignId\":\"acme-otp\",\"kind\":\"EXPRESS\",\"evidence\":{\"channel\":\"API\",
    \"disclosureShown\":\"Login codes by text. Reply STOP to cancel.\",\"consentGiven\":\"sign-up\"}}"
done

cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: attest-gateway
    metrics_path: /actuator/prometheus
    authorization:
      credentials_file: $work/operations.token
    static_configs:
      - targets: ['127.0.0.1:$gw_port']
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address=127.0.0.1:$prom_port > "$work/prometheus.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do
  up=$(curl -fs "http://127.0.0.1:$prom_port/api/v1/query?query=up" 2>/dev/null \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' 2>/dev/null || true)
  [ "$up" = "1" ] && break
  sleep 1
done
[ "$up" = "1" ] || { echo "Prometheus does not scrape the gateway; see $work/prometheus.log" >&2; exit 1; }

sleep 10
start=$(date +%s)
TOKEN=$acme wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/send.lua" "http://127.0.0.1:$gw_port" | tail -1
sleep 20
end=$(date +%s)
python3 "$here/plot.py" "http://127.0.0.1:$prom_port" $((start - 10)) "$end" "$root/docs/drills/prometheus-drill.svg"
echo "the dashboard's queries (docs/dashboards/attest-gateway.json) against what was scraped:"
python3 "$here/check_dashboard.py" "http://127.0.0.1:$prom_port" $((start - 10)) "$end" \
  "$root/docs/dashboards/attest-gateway.json"
