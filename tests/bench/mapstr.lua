-- mapstr: build a table with N string keys tostring(i) -> i, sum N lookups, then count the
-- entries with pairs; the same algorithm as programs/mapstr.go.
local n = math.tointeger(tonumber(arg[1]) or 1000)
local m = {}
for i = 0, n - 1 do
	m[tostring(i)] = i
end
local sum = 0
for i = 0, n - 1 do
	sum = sum + m[tostring(i)]
end
local count = 0
for _, v in pairs(m) do
	if v >= 0 then
		count = count + 1
	end
end
print(count .. " " .. sum)
