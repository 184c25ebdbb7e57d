// What every HTML handler needs: who is asking, in which language, with
// which form fields; rendering inside the layout; error pages. Shared by the
// page groups (web/pages.cpp, web/case_pages.cpp, …).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "http/auth.hpp"
#include "http/forms.hpp"
#include "http/message.hpp"
#include "web/view.hpp"

namespace cvdhub::web {

// One request's view of the world: who asks, in what language, with what form.
struct Page {
  http::Caller caller;
  PageContext pc;
  std::multimap<std::string, std::string> form;
  std::vector<http::FormPart> files;
  std::string set_cookie;  // the pre-session CSRF cookie, when newly made

  std::string Field(const std::string& name) const {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  }
  bool Checked(const std::string& name) const { return form.contains(name); }
};

class PageKit {
 public:
  explicit PageKit(app::Services& s) : s_(s), view_(s.ctx.catalog) {}

  // Builds the Page: identifies the caller, picks the language, parses a form
  // body (url-encoded or multipart) and, for POST, checks the CSRF token.
  Result<Page> Begin(const http::Request& req);
  // Renders `tmpl` inside the layout.
  http::Response Html(Page& page, int status, const std::string& tmpl, const std::string& title_key,
                      mstch::map ctx, const Blocks& blocks = {});
  // The body of `tmpl` alone, its forms carrying View::csrf_placeholder()
  // instead of the viewer's token: for a body cached across viewers.
  std::string SharedBody(const Page& page, const std::string& tmpl, mstch::map ctx,
                         const Blocks& blocks = {}) {
    return view_.RenderBody(tmpl, std::move(ctx), page.pc.lang, view_.csrf_placeholder(), blocks);
  }
  const std::string& csrf_placeholder() const { return view_.csrf_placeholder(); }
  // A page around a body made by SharedBody, with the viewer's token put in.
  http::Response HtmlBody(Page& page, int status, const std::string& title_key, std::string_view shared_body);
  // The same around a cached rendering of such a body (its holes at
  // csrf_placeholder()): sent gzip-compressed when `req` accepts gzip, the
  // layout and the token going in uncompressed (util::GzipTemplate).
  http::Response HtmlCached(Page& page, const http::Request& req, int status, const std::string& title_key,
                            const app::CachedRendering& body);
  // The error as a page (a log-in redirect for Unauthenticated); internal detail is only logged.
  http::Response ErrorPage(Page& page, const Error& error);
  http::Response RequireLogin(const http::Request& req);
  std::string T(const Page& page, const std::string& key) const {
    return std::string(s_.ctx.catalog.Get(page.pc.lang, key));
  }

 private:
  http::Response Finish(Page& page, int status, std::string html);

  app::Services& s_;
  View view_;
};

// A positive integer path parameter, or NotFound.
Result<std::int64_t> ParseId(std::string_view text);
// The request's path and query, percent-encoded whole: safe as a query parameter (next=, back=).
std::string CurrentLocation(const http::Request& req);
// Only local paths may follow a log-in (no open redirect).
std::string SafeNext(const std::string& next);

// Starts a handler: `page` is the Page, or the handler returns the error page.
#define BEGIN_PAGE(kit, req)                                   \
  auto begun = (kit).Begin(req);                               \
  if (!begun) {                                                \
    ::cvdhub::web::Page fallback_page;                         \
    fallback_page.pc.path = ::cvdhub::web::CurrentLocation(req);  \
    return (kit).ErrorPage(fallback_page, begun.error());      \
  }                                                            \
  [[maybe_unused]] ::cvdhub::web::Page& page = *begun

}  // namespace cvdhub::web
