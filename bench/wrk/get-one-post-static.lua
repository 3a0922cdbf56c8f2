-- GET /posts/1 without a token, the same request every time: wrk then sends it without calling Lua per
-- request, so that against a cache this measures the cache and the loopback, not the script.
local common = dofile("bench/wrk/common.lua")

wrk.path = "/posts/1"
init = common.init
done = common.done
