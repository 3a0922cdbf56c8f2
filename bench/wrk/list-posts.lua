-- GET /posts?limit=10&offset=... on one of the first N pages (no search).
local common = dofile("bench/wrk/common.lua")

common.requests(function(pages)
  return wrk.format("GET", "/posts?limit=10&offset=" .. 10 * (math.random(pages) - 1), common.headers())
end)
