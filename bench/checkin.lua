-- wrk script of bench/run's check-in benchmark: POST /api/v1/checkin, each request the JSON body of
-- another person's signed badge code, in turn, as a scanner at a door sends them.
--
--   wrk ... -H "Authorization: Bearer <device token>" -s bench/checkin.lua URL -- CODES_FILE THREADS
--
-- CODES_FILE holds one code a line (bench/badge_data.py writes it); THREADS is wrk's -t. Thread k of n
-- takes codes k, k + n, k + 2n, ...: no two threads post the same person, so a person's first scan
-- answers "ok" and, only if the codes run out and a thread starts over, the next one "already".
-- The answers are counted by their "result" (or by status when not 200), and printed after wrk's
-- summary for bench/report.py:
--   Check-in answers: ok 1234, already 567

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  if not file or not count then
    error("usage: wrk ... -s bench/checkin.lua URL -- CODES_FILE THREADS")
  end
  -- wrk.format takes these headers instead of wrk's: the -H ones (the token) are copied in.
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  prepared, position, answers = {}, 0, {}
  local index = 0
  for code in io.lines(file) do
    if code ~= "" then
      if index % count == id then
        -- The codes are capitals, digits and "-" (registration/codes.py): nothing to escape in JSON.
        table.insert(prepared, wrk.format("POST", nil, headers, '{"code": "' .. code .. '"}'))
      end
      index = index + 1
    end
  end
  if #prepared == 0 then
    error("bench/checkin.lua: no codes for thread " .. id .. " in " .. file)
  end
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function response(status, headers, body)
  local result = status == 200 and body:match('"result":%s*"([%w_]+)"') or ("status " .. status)
  answers[result] = (answers[result] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for result, count in pairs(thread:get("answers")) do
      total[result] = (total[result] or 0) + count
    end
  end
  local names = {}
  for result in pairs(total) do
    table.insert(names, result)
  end
  table.sort(names)
  local parts = {}
  for _, result in ipairs(names) do
    table.insert(parts, result .. " " .. total[result])
  end
  io.write("Check-in answers: " .. table.concat(parts, ", ") .. "\n")
end
