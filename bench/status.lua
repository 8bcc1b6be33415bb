-- wrk script: the full status-report path, each request from the next of many
-- registered devices (device ids and keys from the file in env DEVICES).
local devices = {}
local index = 0

-- WARM=1: thread k of the two takes devices k, k+2, ... from the first, so that after as
-- many requests as devices each device has reported once (the warm-up before a run).
local threads = 0
function setup(thread)
  thread:set("offset", math.random(1, 1000000))
  thread:set("id", threads)
  threads = threads + 1
end

local step = 1
function init(args)
  local f = assert(io.open(os.getenv("DEVICES"), "r"))
  local content = f:read("*a")
  f:close()
  for id, key in string.gmatch(content, '"device_id":"([^"]+)","api_key":"([^"]+)"') do
    devices[#devices + 1] = { id, key }
  end
  if os.getenv("WARM") == "1" then
    index = (id or 0) - 1
    step = 2
  else
    index = (offset or 0) % #devices
  end
end

function request()
  index = (index + step - 1) % #devices + 1
  local d = devices[index]
  local occupied = (index % 3 == 0) and "true" or "false"
  local body = '{"device_id":"' .. d[1] .. '","is_occupied":' .. occupied ..
               ',"is_power_on":true,"last_movement":' .. (index % 900) ..
               ',"temperature":21.5,"timestamp":1700000000}'
  return wrk.format("POST", "/api/esp/status",
    { ["Content-Type"] = "application/json", ["X-Device-ID"] = d[1], ["X-API-Key"] = d[2] }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    errors = (errors or 0) + 1
  end
end
