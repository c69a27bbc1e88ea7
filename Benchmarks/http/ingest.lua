-- wrk script: NDJSON ingest of declarations into Portunus.
-- Every request carries BATCH declarations (two goods items each, varied HS codes, origins
-- and values), with ids unique per thread, request and run, so that each one is a real
-- insert, never an "already present" short cut. Counts non-200 answers and batches with
-- rejected records, which would make the figures meaningless. (Counters are globals so that
-- done() can read them from each thread with thread:get.)
local batch = tonumber(os.getenv("BATCH") or "100")
local key = os.getenv("PORTUNUS_KEY")
local run = os.getenv("RUN_ID") or tostring(os.time())
local explain = os.getenv("EXPLAIN")
local path = "/api/v1/declarations" .. (explain and ("?explain=" .. explain) or "")
local threads = {}
local counter = 0
local thread_index = 0
failures = 0
rejected_batches = 0

local codes = { {"847130", "CN", "600"}, {"610910", "BD", "18"}, {"852872", "KR", "25"}, {"220421", "FR", "6"},
                {"870899", "DE", "9"}, {"940360", "VN", "4"}, {"030617", "EC", "9"}, {"721049", "IN", "0.9"} }
local offices = { "SEA01", "SEA02", "AIR01", "EXP01", "LND01" }

local template = '{"id":"WRK-%s-%d-%d-%d","lodged_at":"2025-06-%02dT%02d:%02d:00Z","office":"%s",' ..
  '"procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},' ..
  '"parties":{"declarant":"DCL%05d","importer":"IMP%06d","seller":"SLR%06d"},' ..
  '"items":[{"sequence":1,"hs_code":"%s","country_of_origin":"%s","country_of_departure":"%s","origin_marking":"G","net_mass":"%d.5",' ..
  '"customs_value":{"amount":"%d.25","currency":"USD"},"duty_rate":"8","tax_type":"A"},' ..
  '{"sequence":2,"hs_code":"%s","country_of_origin":"%s","country_of_departure":"%s","net_mass":"%d","customs_value":{"amount":"%d","currency":"USD"},"duty_rate":"5.2","tax_type":"A"}]}'

function setup(thread)
  thread:set("thread_id", thread_index)
  thread_index = thread_index + 1
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local lines = {}
  for i = 1, batch do
    local n = counter * batch + i
    local a = codes[(n % #codes) + 1]
    local b = codes[((n * 7) % #codes) + 1]
    local mass = 10 + (n * 37) % 5000
    lines[i] = string.format(template, run, thread_id, counter, i, 1 + n % 28, n % 24, n % 60, offices[(n % #offices) + 1],
      n % 900, n % 40000, n % 30000, a[1], a[2], a[2], mass, math.floor(mass * tonumber(a[3])),
      b[1], b[2], b[2], 1 + n % 300, 1 + (n * 13) % 20000)
  end
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/x-ndjson", ["Authorization"] = "Bearer " .. key }, table.concat(lines, "\n"))
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  elseif not string.find(body, '"rejected":0', 1, true) then
    rejected_batches = rejected_batches + 1
  end
end

function done(summary, latency, requests)
  local failed, rejected = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
    rejected = rejected + thread:get("rejected_batches")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d in %.1f s, non-200: %d, batches with rejections: %d\n", summary.requests, seconds, failed, rejected))
  io.write(string.format("declarations/s: %.0f (batch %d)\n", summary.requests * batch / seconds, batch))
  io.write(string.format("latency per batch: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
