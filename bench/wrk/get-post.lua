-- GET /posts/{id} with an id drawn from 1..N.
local common = dofile("bench/wrk/common.lua")

common.requests(function(posts)
  return wrk.format("GET", "/posts/" .. math.random(posts), common.headers())
end)
