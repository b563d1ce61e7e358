-- wrk script for the API benchmark.
-- With a requests file (from bench_api_requests.py): each wrk thread replays its own share of the pre-signed
-- requests, every one once (a nonce is accepted once); when a thread runs out it stops sending.
-- Without one: plain GET of the URL (the no-op route).
-- At the end prints one line: requests, seconds, non-2xx, socket errors, p50 and p99 latency in ms.
--   wrk -t2 -c64 -d10s -s bench_api.lua URL -- [requests.tsv THREADS]
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  requests = nil
  if args[1] == nil then return end
  requests = {}
  local total = tonumber(args[2])
  local n = 0
  for line in io.lines(args[1]) do
    if n % total == id then
      local path, rest = line:match("^([^\t]+)\t(.*)$")
      local headers = {}
      for field in rest:gmatch("[^\t]+") do
        local name, value = field:match("^([^:]+): (.*)$")
        headers[name] = value
      end
      table.insert(requests, wrk.format("POST", path, headers, ""))
    end
    n = n + 1
  end
  index = 0
end

function request()
  if requests == nil then return wrk.request() end
  index = index + 1
  if index > #requests then
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  print(string.format("RESULT requests=%d seconds=%.3f non2xx=%d socket_errors=%d p50_ms=%.2f p99_ms=%.2f",
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
