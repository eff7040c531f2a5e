-- Lua benchmark script, run by Debian's lua5.4 interpreter built from source (integer-only:
-- every number here stays a Lua integer, so no floating point reaches the guest).
-- Usage: lua bench.lua SCALE. Prints one line per workload plus a total; output is checked
-- against bench/expected/. Exercises the interpreter's dispatch loop, calls, tables, strings,
-- closures, coroutines and the garbage collector.
local scale = math.tointeger(tonumber(arg[1] or "10")) or 10

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function sieve(n)
  local comp, count = {}, 0
  for i = 2, n do
    if not comp[i] then
      count = count + 1
      for j = i * i, n, i do comp[j] = true end
    end
  end
  return count
end

local function sorting(n)
  local t, x = {}, 12345
  for i = 1, n do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x % 100000 end
  table.sort(t)
  local h = 0
  for i = 1, n, 7 do h = (h * 31 + t[i]) % 1000000007 end
  table.sort(t, function(a, b) return a > b end)
  return h, t[1], t[n]
end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = string.format("%d:%x", i, i * 7) end
  local s = table.concat(parts, ",")
  local count = 0
  for a, b in s:gmatch("(%d+):(%x+)") do if #a == #b then count = count + 1 end end
  local r = s:sub(1, 2000):gsub("%d", function(d) return string.char(65 + tonumber(d)) end)
  local h = 0
  for i = 1, #r do h = (h * 33 + r:byte(i)) % 4294967296 end
  return #s, count, h
end

local function objects(n)
  local Point = {}
  Point.__index = Point
  function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
  function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
  local acc = Point.new(0, 0)
  for i = 1, n do acc = acc:add(Point.new(i % 17, i % 13)) end
  local counters = {}
  for i = 1, 20 do local c = 0; counters[i] = function(k) c = c + k; return c end end
  local s = 0
  for i = 1, n do s = s + counters[i % 20 + 1](i % 5) end
  return acc.x, acc.y, s
end

local function coroutines(n)
  local gen = coroutine.wrap(function()
    local a, b = 0, 1
    for _ = 1, n do coroutine.yield(a); a, b = b, (a + b) % 1000000007 end
  end)
  local s = 0
  for _ = 1, n do s = (s + gen()) % 1000000007 end
  return s
end

local function life(size, gens)
  local g = {}
  for i = 0, size * size - 1 do g[i] = ((i * 2654435761) % 7 < 2) and 1 or 0 end
  for _ = 1, gens do
    local n = {}
    for y = 0, size - 1 do
      for x = 0, size - 1 do
        local c = 0
        for dy = -1, 1 do for dx = -1, 1 do
          if dx ~= 0 or dy ~= 0 then c = c + g[((y + dy) % size) * size + (x + dx) % size] end
        end end
        local v = g[y * size + x]
        n[y * size + x] = (c == 3 or (v == 1 and c == 2)) and 1 or 0
      end
    end
    g = n
  end
  local alive = 0
  for i = 0, size * size - 1 do alive = alive + g[i] end
  return alive
end

local out = {}
local function put(name, ...) out[#out + 1] = name .. "=" .. table.concat({...}, "/") end
put("fib", fib(20 + (scale >= 10 and 7 or 0)))
put("sieve", sieve(20000 * scale))
put("sort", sorting(10000 * scale))
put("strings", strings(5000 * scale))
put("objects", objects(20000 * scale))
put("coro", coroutines(20000 * scale))
put("life", life(32, 2 * scale))
print("lua " .. _VERSION .. " scale=" .. scale .. " " .. table.concat(out, " "))
