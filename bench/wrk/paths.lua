-- GET of a path drawn from PATHS_FILE, one a line: a list page by offset, or by a cursor that the
-- service's own Link header gave (bench/run.sh fetches it before the run).
-- Arguments: TOKENS_FILE PATHS_FILE.
local common = dofile("bench/wrk/common.lua")
local paths = {}

init = function(args)
  common.init(args)
  for line in io.lines(args[2]) do
    paths[#paths + 1] = line
  end
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)], common.headers())
end

done = common.done
