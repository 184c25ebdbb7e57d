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
#include "i18n/error_text.hpp"
#include "util/lru_cache.hpp"
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
  // The length of the viewer's token as forms carry it (HTML-escaped).
  static std::size_t CsrfFillSize(const Page& page);
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
  // An app error's message in the page's language (i18n/errors.ja.json; the English when untranslated).
  static std::string ErrorText(const Page& page, const Error& error) {
    return i18n::ErrorText(page.pc.lang, error.message);
  }

 private:
  http::Response Finish(Page& page, int status, std::string html);
  // The layout around a cached body for this viewer, split where the body
  // goes: rendered once per viewer, session, language, title, location and
  // notice, not on every read of a cached page.
  struct Shell {
    std::string head, tail;
  };
  std::shared_ptr<const Shell> LayoutShell(const Page& page, const std::string& title_key);

  app::Services& s_;
  View view_;
  util::LruCache<Shell> shells_{1024};
};

// Whole responses of public pages as an anonymous reader gets them, by store
// generation, path and language: a published advisory read ten thousand times
// between two changes is rendered once, and each read costs a lookup. Only for
// pages whose anonymous form carries no per-reader token (no POST forms), and
// only for plain GETs (no query, no cookie but the language and the
// pre-session ones). Each entry keeps a gzip copy for readers that accept it.
class AnonymousPageCache {
 public:
  explicit AnonymousPageCache(app::Services& s, std::size_t capacity = 512) : s_(s), entries_(capacity) {}
  // The cached answer to `req`, or nullopt; `key` is set when `req` may be cached.
  std::optional<http::Response> Find(const http::Request& req, std::string& key);
  // The same for a page with a query string, which the caller has normalised
  // into `variant` (e.g. a search's terms, filter and page number): `variant`
  // must determine everything the query changes in the page.
  std::optional<http::Response> Find(const http::Request& req, std::string& key, std::string_view variant);
  // Keeps `r` (a 200 made for an anonymous reader) under `key`; no Set-Cookie is kept.
  void Store(const std::string& key, const http::Response& r);

 private:
  struct Entry {
    http::Response plain;
    std::string gzip;
  };
  app::Services& s_;
  util::LruCache<Entry> entries_;
};

// A positive integer path parameter, or NotFound.
Result<std::int64_t> ParseId(std::string_view text);
// The request's path and query, percent-encoded whole: safe as a query parameter (next=, back=).
std::string CurrentLocation(const http::Request& req);
// The reader's language: the language cookie, else Accept-Language, else the
// user's own setting (Japanese for anonymous readers).
domain::Language PageLanguage(const http::Request& req, const domain::User* user);
// Only local paths may follow a log-in (no open redirect).
std::string SafeNext(const std::string& next);

// Starts a handler: `page` is the Page, or the handler returns the error page.
#define BEGIN_PAGE(kit, req)                                   \
  auto begun = (kit).Begin(req);                               \
  if (!begun) {                                                \
    ::cvdhub::web::Page fallback_page;                         \
    fallback_page.pc.path = ::cvdhub::web::CurrentLocation(req);  \
    fallback_page.pc.lang = ::cvdhub::web::PageLanguage(req, nullptr); \
    return (kit).ErrorPage(fallback_page, begun.error());      \
  }                                                            \
  [[maybe_unused]] ::cvdhub::web::Page& page = *begun

}  // namespace cvdhub::web
