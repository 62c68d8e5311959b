-- New product records, each sent twice (the cache keeps an answer the second time): a counter in the title and
-- the price, unique per thread.
-- OFFSET: where this run's numbers start (bench/cache-rss.sh runs wrk repeatedly).
local counter = tonumber(os.getenv("OFFSET") or "0")
thread_id = 0
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  -- each record twice in a row: the second answer is kept, so the cache fills and evicts at full rate
  local n = math.floor(counter / 2) * 16 + thread_id
  local body = string.format('{"title": "Avery Durable Binder %d", "brand": "Avery", "price": %d.%02d}', n,
    1 + n % 300, n % 100)
  return wrk.format("POST", "/predict", {["Content-Type"] = "application/json"}, body)
end
