-- Every request a new product record: a counter in the title and the price, unique per thread.
local counter = 0
thread_id = 0
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  local n = counter * 16 + thread_id
  local body = string.format('{"title": "Avery Durable Binder %d", "brand": "Avery", "price": %d.%02d}', n,
    1 + n % 300, n % 100)
  return wrk.format("POST", "/predict", {["Content-Type"] = "application/json"}, body)
end
