-- GET /posts?limit=10&offset=... on one of the first N pages (no search).
local common = dofile("bench/wrk/common.lua")
local pages

function init(args)
  pages = common.init(args)
end

function request()
  return wrk.format("GET", "/posts?limit=10&offset=" .. 10 * (math.random(pages) - 1), common.headers())
end

done = common.done
