-- fib: naive recursive Fibonacci, the same algorithm as programs/fib.go.
local function fib(n)
	if n < 2 then
		return n
	end
	return fib(n - 1) + fib(n - 2)
end

local n = tonumber(arg[1]) or 30
print(fib(math.tointeger(n)))
