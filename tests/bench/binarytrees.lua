-- binarytrees: Benchmarks Game binary-trees, single-threaded, the same algorithm as
-- programs/binarytrees.go. A node is a table {left, right}; a leaf has no children.
local function bottomUp(depth)
	if depth <= 0 then
		return {}
	end
	return { bottomUp(depth - 1), bottomUp(depth - 1) }
end

local function check(n)
	if n[1] == nil then
		return 1
	end
	return 1 + check(n[1]) + check(n[2])
end

local n = math.tointeger(tonumber(arg[1]) or 10)
local minDepth = 4
local maxDepth = n
if minDepth + 2 > maxDepth then
	maxDepth = minDepth + 2
end
local stretchDepth = maxDepth + 1
print(string.format("stretch tree of depth %d check: %d", stretchDepth, check(bottomUp(stretchDepth))))

local longLived = bottomUp(maxDepth)

for d = minDepth, maxDepth, 2 do
	local iters = 1 << (maxDepth - d + minDepth)
	local chk = 0
	for _ = 1, iters do
		chk = chk + check(bottomUp(d))
	end
	print(string.format("%d trees of depth %d check: %d", iters, d, chk))
end
print(string.format("long lived tree of depth %d check: %d", maxDepth, check(longLived)))
