-- PUT /posts/{id}/vote by a random one of the logged-in users, for an id drawn from 1..N.
local common = dofile("bench/wrk/common.lua")

common.requests(function(posts)
  return wrk.format("PUT", "/posts/" .. math.random(posts) .. "/vote", common.headers())
end)
