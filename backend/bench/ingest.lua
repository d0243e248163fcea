-- wrk script for the ingest benchmark: each thread walks its own slice of pre-signed
-- requests (one distinct Stripe event per request) and remembers the ids it was given.
-- Arguments after `--`: <requests file> <thread count>. Each line of the file is
-- "<Stripe-Signature>\t<JSON body>".

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local path, count = args[1], tonumber(args[2])
  -- BENCH_CLOSE=1: "Connection: close" on every request, so each one opens a connection.
  local close = os.getenv("BENCH_CLOSE") == "1"
  requests = {}
  local line_no = 0
  for line in io.lines(path) do
    if line_no % count == thread_id then
      local signature, body = line:match("^([^\t]*)\t(.*)$")
      local headers = {
        ["Content-Type"] = "application/json",
        ["Stripe-Signature"] = signature,
      }
      if close then
        headers["Connection"] = "close"
      end
      requests[#requests + 1] = wrk.format("POST", nil, headers, body)
    end
    line_no = line_no + 1
  end
  position = 0
  wrapped = 0
  accepted = 0
  duplicates = 0
  refused = 0
  ids = {}
end

function request()
  position = position + 1
  if position > #requests then
    -- Out of distinct events: what follows is counted as a duplicate, and reported.
    position = 1
    wrapped = wrapped + 1
  end
  return requests[position]
end

function response(status, headers, body)
  if status == 200 then
    if body:find('"duplicate": false', 1, true) then
      accepted = accepted + 1
      ids[#ids + 1] = body:match('"id": "([^"]+)"')
    else
      duplicates = duplicates + 1
    end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_IDS_FILE"), "w")
  local accepted, duplicates, refused, wrapped = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    accepted = accepted + thread:get("accepted")
    duplicates = duplicates + thread:get("duplicates")
    refused = refused + thread:get("refused")
    wrapped = wrapped + thread:get("wrapped")
    for _, id in ipairs(thread:get("ids")) do
      out:write(id, "\n")
    end
  end
  out:close()
  local errors = summary.errors
  io.write(string.format(
    "BENCH {\"requests\": %d, \"duration_us\": %d, \"accepted\": %d, \"duplicates\": %d, " ..
    "\"refused\": %d, \"wrapped\": %d, \"socket_errors\": %d, \"p50_us\": %d, " ..
    "\"p95_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, accepted, duplicates, refused, wrapped,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
