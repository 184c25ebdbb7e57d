-- wrk: the log-in page (anonymous, server-rendered HTML).
wrk.method = "GET"
wrk.path = "/login"
wrk.headers["Accept-Language"] = "ja"
