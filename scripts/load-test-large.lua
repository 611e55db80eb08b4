-- wrk script for scripts/load-test: POST a 512 KB ticket to /v1/lint, to
-- see memory and the work in flight stay bounded under a flood of them.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local line = "The export fails on the Reports page since Monday, error 500. NOTHING WORKS AT ALL. "
wrk.body = '{"text": "' .. string.rep(line, math.floor(524288 / #line)) .. '"}'
