#include "http/router.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvdhub::http {
namespace {

// A handler that answers with its own name, so a test sees which route ran.
Handler Named(std::string name) {
  return [name](Request& req) {
    Response r = Response::Json(200, name);
    r.Set("X-Method-Seen", req.method);
    return r;
  };
}

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

// The routes of a small API, in registration order.
Router MakeRouter() {
  Router router;
  router.Add("GET", "/api/v1/reports", Named("list"));
  router.Add("POST", "/api/v1/reports", Named("submit"));
  router.Add("GET", "/api/v1/reports/:id", Named("view"));
  router.Add("GET", "/api/v1/reports/:id/attachments/:attachment_id", Named("download"));
  router.Add("POST", "/api/v1/reports/:id/accept", Named("accept"));
  router.Add("GET", "/", Named("home"));
  return router;
}

TEST(SplitPath, SplitsSegmentsAndKeepsATrailingEmptySegment) {
  EXPECT_EQ(SplitPath("/a/b/c"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(SplitPath("/a/b/"), (std::vector<std::string_view>{"a", "b", ""}));
  EXPECT_EQ(SplitPath("/"), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitPath(""), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitPath("//x"), (std::vector<std::string_view>{"", "x"}));
}

TEST(Router, RunsTheRouteWhoseMethodAndPatternMatch) {
  const Router router = MakeRouter();
  const struct {
    const char* method;
    const char* path;
    const char* route;
  } cases[] = {
      {"GET", "/api/v1/reports", "list"},
      {"POST", "/api/v1/reports", "submit"},
      {"GET", "/api/v1/reports/17", "view"},
      {"GET", "/api/v1/reports/17/attachments/3", "download"},
      {"POST", "/api/v1/reports/17/accept", "accept"},
      {"GET", "/", "home"},
  };
  for (const auto& c : cases) {
    Request req = Req(c.method, c.path);
    const Response resp = router.Dispatch(req);
    EXPECT_EQ(resp.status, 200) << c.method << " " << c.path;
    EXPECT_EQ(resp.body, c.route) << c.method << " " << c.path;
  }
}

TEST(Router, FillsNamedParametersFromTheMatchedSegments) {
  const Router router = MakeRouter();
  Request req = Req("GET", "/api/v1/reports/42/attachments/7");
  ASSERT_EQ(router.Dispatch(req).body, "download");
  EXPECT_EQ(req.Param("id"), "42");
  EXPECT_EQ(req.Param("attachment_id"), "7");
  EXPECT_EQ(req.params.size(), 2u);
  EXPECT_EQ(req.Param("absent"), "");
}

TEST(Router, AParameterNeverMatchesAnEmptySegment) {
  const Router router = MakeRouter();
  Request req = Req("GET", "/api/v1/reports//attachments/7");
  const Response resp = router.Dispatch(req);
  EXPECT_EQ(resp.status, 404);
  EXPECT_TRUE(req.params.empty());
}

TEST(Router, KnownPathWithAnotherMethodIs405WithAllowListingTheRoutesMethods) {
  const Router router = MakeRouter();
  Request del = Req("DELETE", "/api/v1/reports");
  const Response resp = router.Dispatch(del);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.Header("Allow"), "GET, POST");
  EXPECT_EQ(resp.body, R"({"error":{"code":"method_not_allowed","message":"method not allowed"}})");

  Request get_accept = Req("GET", "/api/v1/reports/5/accept");
  const Response resp2 = router.Dispatch(get_accept);
  EXPECT_EQ(resp2.status, 405);
  EXPECT_EQ(resp2.Header("Allow"), "POST");
  EXPECT_TRUE(get_accept.params.empty()) << "a 405 must not run or parameterise any handler";
}

TEST(Router, HeadIsServedByTheGetRoute) {
  const Router router = MakeRouter();
  Request head = Req("HEAD", "/api/v1/reports/9");
  const Response resp = router.Dispatch(head);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "view");
  EXPECT_EQ(resp.Header("X-Method-Seen"), "HEAD");  // the handler still sees the real method
  EXPECT_EQ(head.Param("id"), "9");
}

TEST(Router, HeadOnAPostOnlyPathIs405) {
  const Router router = MakeRouter();
  Request head = Req("HEAD", "/api/v1/reports/9/accept");
  const Response resp = router.Dispatch(head);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.Header("Allow"), "POST");
}

TEST(Router, UnknownPathGoesToTheNotFoundHandler) {
  Router router = MakeRouter();
  std::string seen_path;
  router.SetNotFound([&](Request& req) {
    seen_path = req.path;
    return Response::Html(404, "custom not found");
  });
  Request req = Req("GET", "/no/such/page");
  const Response resp = router.Dispatch(req);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.body, "custom not found");
  EXPECT_EQ(seen_path, "/no/such/page");
}

TEST(Router, UnknownPathWithoutHandlerIsJson404) {
  const Router router = MakeRouter();
  Request req = Req("POST", "/api/v2/reports");
  const Response resp = router.Dispatch(req);
  EXPECT_EQ(resp.status, 404);
  EXPECT_EQ(resp.body, R"({"error":{"code":"not_found","message":"not found"}})");
  EXPECT_EQ(resp.Header("Content-Type"), "application/json; charset=utf-8");
}

TEST(Router, TrailingSlashIsADistinctPath) {
  Router router = MakeRouter();
  int not_found_calls = 0;
  router.SetNotFound([&](Request&) {
    ++not_found_calls;
    return Response::Json(404, "nf");
  });
  for (const char* path : {"/api/v1/reports/", "/api/v1/reports/3/", "/api/v1/reports/3/accept/"}) {
    Request req = Req("GET", path);
    EXPECT_EQ(router.Dispatch(req).status, 404) << path;
  }
  EXPECT_EQ(not_found_calls, 3);
}

TEST(Router, FirstRegisteredMatchingRouteWins) {
  Router router;
  router.Add("GET", "/reports/new", Named("literal"));
  router.Add("GET", "/reports/:id", Named("param"));
  Request literal = Req("GET", "/reports/new");
  EXPECT_EQ(router.Dispatch(literal).body, "literal");
  Request param = Req("GET", "/reports/12");
  EXPECT_EQ(router.Dispatch(param).body, "param");
}

TEST(Router, AllowNamesEachMethodOnceWhenSeveralPatternsMatch) {
  Router router;
  router.Add("GET", "/reports/new", Named("form"));
  router.Add("GET", "/reports/:id", Named("view"));
  router.Add("POST", "/reports/new", Named("create"));
  router.Add("POST", "/reports/:id", Named("update"));
  Request del = Req("DELETE", "/reports/new");
  const Response resp = router.Dispatch(del);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.Header("Allow"), "GET, POST");
}

TEST(Router, RouteTableIsInspectable) {
  const Router router = MakeRouter();
  ASSERT_EQ(router.routes().size(), 6u);
  EXPECT_EQ(router.routes()[2].method, "GET");
  EXPECT_EQ(router.routes()[2].pattern, "/api/v1/reports/:id");
}

}  // namespace
}  // namespace cvdhub::http
