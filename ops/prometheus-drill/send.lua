-- wrk: POST /v1/messages with a bearer token, to RECIPIENTS consented numbers in turn (the drill's load).
local token = os.getenv("TOKEN")
local n = tonumber(os.getenv("RECIPIENTS") or "20")
local i = 0
local tid = 0
setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
init = function(args) i = tid * 100003 end
request = function()
  i = i + 1
  local body = string.format('{"from":"+15551234567","to":"+1555767%04d","text":"Your Acme code is %06d"}', i % n, i % 1000000)
  return wrk.format("POST", "/v1/messages", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  io.write(string.format("load: %d requests, %d not 2xx, p50 %.1f ms, p99 %.1f ms\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
