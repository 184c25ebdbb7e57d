-- wrk: a case page. PATH_ and either COOKIE (HTML, a browser session) or
-- TOKEN (JSON API) come from the environment (bench/run_case.sh sets them);
-- ACCEPT_GZIP=1 sends Accept-Encoding: gzip, as browsers do.
wrk.method = "GET"
wrk.path = os.getenv("PATH_")
local cookie = os.getenv("COOKIE")
local token = os.getenv("TOKEN")
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if os.getenv("ACCEPT_GZIP") == "1" then wrk.headers["Accept-Encoding"] = "gzip" end

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("unexpected status " .. status .. "\n") end
end
