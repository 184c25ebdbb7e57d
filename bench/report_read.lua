-- wrk: authenticated JSON read of one report, GET /api/v1/reports/{id}.
-- TOKEN and REPORT come from the environment (bench/run.sh sets them).
local token = os.getenv("TOKEN")
local report = os.getenv("REPORT") or "1"
wrk.method = "GET"
wrk.path = "/api/v1/reports/" .. report
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
