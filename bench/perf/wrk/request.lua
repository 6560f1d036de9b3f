-- One request shape for wrk, from the environment (set by bench/perf.sh):
--   BENCH_METHOD, BENCH_PATH, BENCH_BODY (optional), BENCH_AUTH (optional bearer credential),
--   BENCH_DELAY_MS (optional: each connection waits this long between requests - the paced run).
-- In BENCH_PATH, {hex} becomes a new contact id (24 hex digits) and {num} a new conversation id on every request.
-- Prints one line of key=value figures when done; latencies in microseconds.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local auth = os.getenv("BENCH_AUTH")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

local headers = { ["Accept"] = "application/json" }
if body and body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
if auth and auth ~= "" then headers["Authorization"] = "Bearer " .. auth end
local prepared
local dynamic = path:find("{hex}", 1, true) or path:find("{num}", 1, true)

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("seed", #threads)
end

function init(args)
  bad = 0
  math.randomseed(os.time() * 1000 + (seed or 0))  -- each thread its own sequence of ids
  if not dynamic then
    prepared = wrk.format(method, path, headers, body)  -- here, once wrk has set the Host header
  end
end

local function hex() return string.format("6762f0d0%04x%04x%04x%04x", math.random(0, 65535), math.random(0, 65535),
  math.random(0, 65535), math.random(0, 65535)) end
local function num() return tostring(math.random(1, 999999999)) end

function request()
  if dynamic then
    return wrk.format(method, (path:gsub("{hex}", hex):gsub("{num}", num)), headers, body)
  end
  return prepared
end

function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end

if pause > 0 then
  function delay() return pause end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, t in ipairs(threads) do non2xx = non2xx + t:get("bad") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    errors, non2xx))
end
