-- GET /posts/{id} without a token, with an id drawn from 1..N (the tokens file is read, not sent).
local common = dofile("bench/wrk/common.lua")

common.requests(function(posts)
  return wrk.format("GET", "/posts/" .. math.random(posts))
end)
