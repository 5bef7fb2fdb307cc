-- Cycles through the requests listed (one a line: a path, then tab-separated headers)
-- in the file given after `--`, each thread from its own offset, and prints one
-- machine-readable result line.
-- Non-2xx answers are counted in response(); wrk's own socket errors, HTTP statuses
-- above 399 and timeouts come from its summary. Any of them fails the run.

local paths = {}
local index = 0
local non2xx = 0
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the paths file " .. tostring(args[1]))
  -- A line is a path, then any headers to send, tab-separated ("name: value").
  for line in file:lines() do
    if #line > 0 then
      local path, headers = nil, {}
      for field in string.gmatch(line, "[^\t]+") do
        if path == nil then
          path = field
        else
          local name, value = string.match(field, "^([^:]+): (.*)$")
          headers[name] = value
        end
      end
      table.insert(paths, {path = path, headers = headers})
    end
  end
  file:close()
  assert(#paths > 0, "the paths file is empty")
  index = (tonumber(offset) or 1) * 7919 % #paths
end

function request()
  index = index % #paths + 1
  local request = paths[index]
  return wrk.format("GET", request.path, request.headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (tonumber(thread:get("non2xx")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests":%d,"duration_us":%d,"non2xx":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"max_us":%.1f}\n',
    summary.requests, summary.duration, bad,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
