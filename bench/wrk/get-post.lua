-- GET /posts/{id} with an id drawn from 1..N.
local common = dofile("bench/wrk/common.lua")
local posts

function init(args)
  posts = common.init(args)
end

function request()
  return wrk.format("GET", "/posts/" .. math.random(posts), common.headers())
end

done = common.done
