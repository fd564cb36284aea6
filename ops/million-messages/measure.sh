#!/usr/bin/env bash
# GET /v1/messages/{id} and start-up with a million messages stored, on the embedded defaults.
#
#   ops/million-messages/measure.sh [JAR] [MESSAGES]     defaults: infrastructure/target/attest-gateway.jar, 1000000
#
# 1. Starts the gateway on a new data directory, sends one real message and waits for its receipt.
# 2. Stops it, starts its PostgreSQL alone and copies that message's events (domain_event_entry), its
#    delivery_status row and its timeline MESSAGES times under new ids (bulk-1 ... bulk-N), in one transaction,
#    then moves every event processor's token past them (the copies are read-model rows already; replaying
#    them through the audit trail and the feed would take hours and is not what this measures).
# 3. Starts the gateway again on that directory and prints the start-up time (process start to readiness UP),
#    then GETs random copies with wrk (8 connections, 20 s) and prints the latency percentiles.
# JAVA_OPTS adds JVM options (an AOT cache: docs/operations.md#start-up).
# Needs a JDK 21+, wrk, curl, python3 and psql (any version). Ports 18090 (HTTP) and 15433 (PostgreSQL).
# A million messages take about 5 GB in the data directory, removed at the end (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=$(readlink -f "${1:-infrastructure/target/attest-gateway.jar}")
N=${2:-1000000}
JAVA=
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -x "$c/bin/javac" ] && v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p') && [ "${v:-0}" -ge 21 ] && { JAVA="$c/bin/java"; break; }
done
[ -n "$JAVA" ] || { echo "no JDK 21+ found"; exit 2; }
work=$(mktemp -d); GW=http://127.0.0.1:18090; gw=
cleanup() { [ -n "$gw" ] && kill "$gw" 2>/dev/null && wait "$gw" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; return 0; }
trap cleanup EXIT
echo "work directory: $work"
now() { date +%s%3N; }

start_gateway() { # sets gw (its pid) and took (ms from process start to readiness UP)
  local t0; t0=$(now)
  "$JAVA" ${JAVA_OPTS:-} -jar "$jar" --server.port=18090 --gateway.data-dir="$work/data" --gateway.embedded-postgres.port=15433 \
      --gateway.smpp-server.port=0 >> "$work/gw.log" 2>&1 & gw=$!
  for _ in $(seq 1 1800); do
    curl -fs "$GW/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "$gw" 2>/dev/null || { echo "the gateway stopped: $work/gw.log"; exit 1; }
    sleep 0.1
  done
  took=$(( $(now) - t0 ))
}
stop_gateway() { kill "$gw"; wait "$gw" 2>/dev/null || true; gw=; }

start_gateway; echo "first start (a new data directory: the database is created): $took ms"
TOKEN=$(curl -s -u acme-app:acme-secret -d grant_type=client_credentials "$GW/oauth2/token" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
curl -s -o /dev/null "$GW/v1/consents/opt-ins" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"brandId":"acme-brand","subscriber":"+15557654321","campaignId":"acme-otp","kind":"EXPRESS","evidence":{"channel":"API","disclosureShown":"We will text you a login code. Reply STOP to cancel.","consentGiven":"entered the number at sign-up","sourceReference":"bench"}}'
id=$(curl -s "$GW/v1/messages" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"from":"+15551234567","to":"+15557654321","text":"Your code is 123456"}' \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
for _ in $(seq 1 100); do
  curl -s "$GW/v1/messages/$id" -H "Authorization: Bearer $TOKEN" | grep -q '"status":"delivered"' && break; sleep 0.2
done
sleep 2 # the read side catches up with the receipt
stop_gateway

# the embedded binaries the gateway unpacked; run as the gateway runs them (as root, in a user namespace of its own, as the gateway does: PostgreSQL refuses to run as root)
pgbin=$(dirname "$(ls -d /tmp/embedded-pg/PG-*/bin/postgres | head -1)")
export PGPASSWORD; PGPASSWORD=$(cat "$work/data/postgres-password")
unshare -U "$pgbin/postgres" -D "$work/data/postgres" -p 15433 -c listen_addresses=127.0.0.1 > "$work/pg.log" 2>&1 & pg=$!
for _ in $(seq 1 100); do psql -h 127.0.0.1 -p 15433 -U postgres -d postgres -c 'SELECT 1' > /dev/null 2>&1 && break; sleep 0.2; done
psql -h 127.0.0.1 -p 15433 -U postgres -d postgres -c 'SELECT 1' > /dev/null || { cat "$work/pg.log"; exit 1; }
t0=$(now)
psql -q -h 127.0.0.1 -p 15433 -U postgres -d postgres -v ON_ERROR_STOP=1 -v id="$id" -v n="$N" <<'SQL'
BEGIN;
INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                payload_type, payload_revision, payload, meta_data)
SELECT md5(e.event_identifier || '/' || i), 'bulk-' || i, e.sequence_number, e.type, e.time_stamp,
       e.payload_type, e.payload_revision, replace(e.payload, :'id', 'bulk-' || i), replace(e.meta_data, :'id', 'bulk-' || i)
FROM generate_series(1, :n) AS i CROSS JOIN domain_event_entry e
WHERE e.aggregate_identifier = :'id'
ORDER BY i, e.sequence_number;
CREATE TEMP TABLE template AS SELECT * FROM delivery_status WHERE message_id = :'id';
UPDATE template SET message_id = 'bulk';
INSERT INTO delivery_status SELECT (jsonb_populate_record(t, jsonb_build_object('message_id', 'bulk-' || i))).*
FROM template t CROSS JOIN generate_series(1, :n) AS i;
INSERT INTO message_timeline (message_id, sequence, status, event, occurred_at, carrier_message_id, detail)
SELECT 'bulk-' || i, t.sequence, t.status, t.event, t.occurred_at, t.carrier_message_id, t.detail
FROM generate_series(1, :n) AS i CROSS JOIN message_timeline t WHERE t.message_id = :'id';
UPDATE token_entry SET token = '{"index":' || (SELECT max(global_index) FROM domain_event_entry) || ',"gaps":[]}',
                       token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken'
WHERE token IS NOT NULL;
COMMIT;
ANALYZE;
SQL
echo "copied $N messages in $(( ($(now) - t0) / 1000 )) s: $(psql -tA -h 127.0.0.1 -p 15433 -U postgres -d postgres \
    -c "SELECT count(*) FROM domain_event_entry") events, $(psql -tA -h 127.0.0.1 -p 15433 -U postgres -d postgres \
    -c "SELECT pg_size_pretty(pg_database_size('postgres'))")"
kill -INT "$pg"; wait "$pg" 2>/dev/null || true

start_gateway
echo "start-up with $N messages stored: $took ms (process start to readiness UP); Spring: $(grep -o 'Started GatewayApplication in [0-9.]* seconds' "$work/gw.log" | tail -1)"
TOKEN=$(curl -s -u acme-app:acme-secret -d grant_type=client_credentials "$GW/oauth2/token" \
    | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
curl -s "$GW/v1/messages/bulk-$N" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("bulk-'"$N"':", m["status"], len(m["timeline"]), "steps")'
cat > "$work/get.lua" <<LUA
local token = os.getenv("TOKEN")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/messages/bulk-" .. math.random(1, $N), {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("GET /v1/messages/{id}: %d requests, %d not 2xx; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50)/1000, latency:percentile(90)/1000,
    latency:percentile(99)/1000, latency.max/1000))
end
LUA
export TOKEN
wrk -t2 -c8 -d10s -s "$work/get.lua" "$GW" > /dev/null   # warm-up
wrk -t2 -c8 -d20s -s "$work/get.lua" "$GW" | tail -1
wrk -t1 -c1 -d20s -s "$work/get.lua" "$GW" | tail -1 | sed 's/^/one connection: /'
rm -rf "$work"
