-- GET /posts/{id} as get-post.lua, also counting the responses of each wall-clock second, to see
-- a freshly launched JVM reach its steady state. Adds a JSON line {"per_second":[[EPOCH,N],...]}.
dofile("bench/wrk/get-post.lua")
local print_summary = done
local threads = {}

-- Per thread (each has its own Lua state): responses by the second (os.time()) they arrived in.
per_second = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function response()
  local second = os.time()
  per_second[second] = (per_second[second] or 0) + 1
end

function done(summary, latency, requests)
  print_summary(summary, latency, requests)
  local total, seconds = {}, {}
  for _, thread in ipairs(threads) do
    for second, n in pairs(thread:get("per_second")) do
      if not total[second] then
        seconds[#seconds + 1] = second
      end
      total[second] = (total[second] or 0) + n
    end
  end
  table.sort(seconds)
  local entries = {}
  for _, second in ipairs(seconds) do
    entries[#entries + 1] = string.format("[%d,%d]", second, total[second])
  end
  io.write('{"per_second":[' .. table.concat(entries, ",") .. "]}\n")
end
