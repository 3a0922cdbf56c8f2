-- POST /login (form) as userN@bench.example, N drawn from 1..USERS; password of bench/seed.sql.
-- Arguments: TOKENS_FILE USERS (the tokens are not used: logging in needs none).
local common = dofile("bench/wrk/common.lua")

common.requests(function(users)
  return wrk.format("POST", "/login", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "username=user" .. math.random(users) .. "%40bench.example&password=bench-password")
end)
