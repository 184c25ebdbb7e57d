-- wrk script: GET /api/v1/search for each query of QUERIES in turn (a
-- '|'-separated list of URL-encoded queries), so one run mixes several terms.
local queries = {}
for q in string.gmatch(os.getenv("QUERIES") or "overflow", "[^|]+") do
  table.insert(queries, q)
end
local i = 0

request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1])
end
