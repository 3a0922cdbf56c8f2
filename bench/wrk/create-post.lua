-- POST /posts by a random one of the logged-in users.
local common = dofile("bench/wrk/common.lua")

common.requests(function()
  return wrk.format("POST", "/posts", common.headers({ ["Content-Type"] = "application/json" }),
    '{"title":"Benchmark post","content":"Written by wrk to measure POST /posts."}')
end)
