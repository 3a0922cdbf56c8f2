-- GET /posts?limit=10&search=topicNNN with a topic drawn from 0..N-1 (bench/seed.sql).
local common = dofile("bench/wrk/common.lua")

common.requests(function(topics)
  return wrk.format("GET", string.format("/posts?limit=10&search=topic%03d", math.random(topics) - 1),
    common.headers())
end)
