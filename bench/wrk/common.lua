-- Shared by the wrk scripts (loaded with dofile from the repository root).
-- Arguments after wrk's "--": TOKENS_FILE [N], where TOKENS_FILE holds one bearer
-- token a line and N is the scenario's range of ids, topics or users (or paths.lua's file).
local common = {}
local tokens = {}

function common.init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  -- wrk starts its threads together: seed each from its own address, not the clock alone.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
  return tonumber(args[2])
end

-- Headers of a request by a random one of the logged-in users.
function common.headers(extra)
  local headers = { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] }
  for name, value in pairs(extra or {}) do
    headers[name] = value
  end
  return headers
end

-- One JSON line for bench/run.sh: throughput, latency percentiles (ms) and failures.
function common.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"mean_ms":%.2f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"http_status":%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end

-- Makes the script's wrk functions: make(n) builds each request, n being the
-- scenario's number given after the tokens file.
function common.requests(make)
  local n
  init = function(args) n = common.init(args) end
  request = function() return make(n) end
  done = common.done
end

return common
