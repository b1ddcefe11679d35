-- probe_post.lua - wrk script for bench/probe.sh: POST the request body of
-- the file named by $BODY_FILE (an Open Inference Protocol v2 request, the
-- same bytes aisec sends) as JSON on every request.
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "application/json"
f:close()
