-- spawn: the same work as programs/spawn.go with Lua coroutines: start N coroutines, each puts
-- its index in a shared buffer and finishes; then sum the N values.
local n = math.tointeger(tonumber(arg[1]) or 1000)
local buf, len = {}, 0
for i = 0, n - 1 do
	local co = coroutine.create(function(k)
		len = len + 1
		buf[len] = k
	end)
	coroutine.resume(co, i)
end
local sum = 0
for i = 1, len do
	sum = sum + buf[i]
end
print(n .. " " .. sum)
