-- pingpong: the same hand-offs as programs/pingpong.go with Lua coroutines: main and one
-- coroutine pass an int back and forth N times (2N transfers of control).
local n = math.tointeger(tonumber(arg[1]) or 1000)
local co = coroutine.wrap(function(v)
	for _ = 1, n do
		v = coroutine.yield(v + 1)
	end
end)
local v = 0
for _ = 1, n do
	v = co(v)
end
print(v)
