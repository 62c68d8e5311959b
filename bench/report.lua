-- Shared by bench/run.sh. BODY_FILE: a JSON body sent as is (e.g. a batch). BODIES_FILE: one JSON body per
-- line, cycled (in-distribution traffic). Neither: the seed product. Prints one machine-readable line.
-- DISTINCT=1 with BODIES_FILE: every request a new product, made here from the file's lines with the price
-- nudged per request (price * (1 + n * 1e-12); n unique per request, and per run: OFFSET, or a random million).
-- Why not a file of a million ready-made bodies: wrk's Lua collector stalled its threads on it, and the stalls
-- showed in the p99 as if they were the server's.
local body_file = os.getenv("BODY_FILE")
local bodies_file = os.getenv("BODIES_FILE")
local bodies = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "r"))
  wrk.body = f:read("*a")
  f:close()
elseif bodies_file and bodies_file ~= "" then
  for line in io.lines(bodies_file) do
    bodies[#bodies + 1] = line
  end
else
  wrk.body = '{"title": "Apple iPhone 15 Pro Max", "seller_id": "seller_123", "brand": "Apple", "subcategory": "Smartphones", "price": 1299.99, "rating": 4.8, "reviews_count": 15234}'
end

-- SLEEP_MS: think time between a connection's requests (moderate load for soak runs).
local sleep_ms = tonumber(os.getenv("SLEEP_MS") or "0")
if sleep_ms > 0 then
  delay = function()
    return sleep_ms
  end
end

-- Threads interleave over the bodies (thread t sends t, t + n, t + 2n, ...), so a file of distinct bodies is
-- sent as distinct requests, not once per thread.
local threads = {}
tid, nthreads = 0, 1
setup = function(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do
    t:set("nthreads", #threads)
  end
end

local distinct = os.getenv("DISTINCT") == "1"
math.randomseed(os.time())
-- every wrk thread draws the same number (same seed): requests stay apart by thread id
local offset = tonumber(os.getenv("OFFSET") or "") or math.random(0, 999) * 1000000
local parts = nil
local function split_prices()
  parts = {}
  for k, b in ipairs(bodies) do
    local s, e, pre, price = b:find('("price"%s*:%s*)([-%d%.eE+]+)')
    assert(s, "DISTINCT=1 needs a price in every body: " .. b)
    parts[k] = { b:sub(1, s - 1) .. pre, tonumber(price), b:sub(e + 1) }
  end
end

local i = 0
request = function()
  if #bodies == 0 then
    return wrk.format()
  end
  i = i + 1
  local n = i * nthreads + tid
  if distinct then
    n = n + offset
    if parts == nil then
      split_prices()
    end
    local p = parts[(n % #parts) + 1]
    return wrk.format(nil, nil, nil, p[1] .. string.format("%.17g", p[2] * (1 + n * 1e-12)) .. p[3])
  end
  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50=%.2f p90=%.2f p99=%.2f p999=%.2f requests=%d errors=%d\n",
    summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, summary.requests, errors))
end
