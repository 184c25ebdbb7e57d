#include "web/page_kit.hpp"

#include <charconv>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "app/security.hpp"
#include "http/compression.hpp"
#include "http/forms.hpp"
#include "util/gzip.hpp"
#include "web/html_text.hpp"

namespace cvdhub::web {

using domain::Language;
using http::Request;
using http::Response;

Result<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || ptr != text.data() + text.size() || id <= 0) return Error::NotFound("not found");
  return id;
}

std::string CurrentLocation(const http::Request& req) {
  return http::PercentEncode(req.raw_query.empty() ? req.path : req.path + "?" + req.raw_query);
}

std::optional<Response> AnonymousPageCache::Find(const Request& req, std::string& key) {
  if (!req.raw_query.empty()) {
    key.clear();
    return std::nullopt;
  }
  return Find(req, key, std::string_view());
}

std::optional<Response> AnonymousPageCache::Find(const Request& req, std::string& key, std::string_view variant) {
  key.clear();
  if (req.method != "GET" || !req.Header("authorization").empty()) return std::nullopt;
  if (const auto header = req.Header("cookie"); !header.empty()) {
    for (const auto& [name, value] : http::ParseCookies(header)) {
      if (name != http::kLanguageCookie && name != http::kPreSessionCsrfCookie) {
        return std::nullopt;  // a session, or something this cache knows nothing of
      }
    }
  }
  const Language lang = PageLanguage(req, nullptr);  // as the page itself will choose it
  key = std::to_string(s_.ctx.store.Generation()) + "|" + std::string(domain::LanguageCode(lang)) + "|" + req.path;
  if (!variant.empty()) key.append("?").append(variant);
  auto hit = entries_.Get(key);
  if (!hit) return std::nullopt;
  if (!hit->gzip.empty() && http::AcceptsGzip(req)) {
    Response r{.status = hit->plain.status, .headers = hit->plain.headers, .body = hit->gzip};
    r.Set("Content-Encoding", "gzip");
    return r;
  }
  return hit->plain;
}

void AnonymousPageCache::Store(const std::string& key, const Response& r) {
  if (key.empty() || r.status != 200) return;
  Entry e;
  e.plain.status = r.status;
  e.plain.body = r.body;
  for (const auto& h : r.headers) {
    if (h.first != "Set-Cookie" && h.first != "Content-Encoding") e.plain.headers.push_back(h);
  }
  http::AddVary(e.plain, "Accept-Encoding");
  if (r.Header("Content-Encoding").empty()) e.gzip = util::GzipCompress(r.body);
  entries_.Put(key, std::make_shared<const Entry>(std::move(e)));
}

Language PageLanguage(const Request& req, const domain::User* user) {
  const auto cookies = http::ParseCookies(req.Header("cookie"));
  if (auto c = cookies.find(http::kLanguageCookie); c != cookies.end()) {
    if (auto lang = domain::ParseLanguage(c->second)) return *lang;
  }
  return i18n::NegotiateLanguage(req.Header("accept-language"), user ? user->language : Language::kJa);
}

Result<Page> PageKit::Begin(const Request& req) {
  Page page;
  page.caller = http::Identify(req, s_.accounts);
  page.pc.lang = PageLanguage(req, page.caller.actor.user ? &*page.caller.actor.user : nullptr);
  page.pc.user = page.caller.actor.user;
  page.pc.path = CurrentLocation(req);
  if (page.caller.csrf_token.empty()) {
    // Before log-in: a double-submit token in a SameSite=Strict cookie.
    page.caller.csrf_token = app::RandomToken(24);
    page.set_cookie = std::string(http::kPreSessionCsrfCookie) + "=" + page.caller.csrf_token +
                      "; Path=/; HttpOnly; SameSite=Strict" + (s_.ctx.config.secure_cookies ? "; Secure" : "");
  }
  page.pc.csrf = page.caller.csrf_token;
  if (!req.Query("notice").empty()) {
    // Only known confirmations are shown; the query text itself never is.
    const std::string key = "notice." + std::string(req.Query("notice"));
    const auto text = s_.ctx.catalog.Get(page.pc.lang, key);
    if (text != key) page.pc.notice = std::string(text);
  }

  if (req.method == "POST") {
    const std::string type = http::MediaType(req.Header("content-type"));
    if (type == "application/x-www-form-urlencoded") {
      auto form = http::ParseUrlEncoded(req.body);
      if (!form) return form.error();
      page.form = std::move(*form);
    } else if (type == "multipart/form-data") {
      auto boundary = http::MultipartBoundary(req.Header("content-type"));
      if (!boundary) return boundary.error();
      auto parts = http::ParseMultipart(req.body, *boundary);
      if (!parts) return parts.error();
      for (auto& p : *parts) {
        if (p.filename) {
          if (!p.filename->empty()) page.files.push_back(std::move(p));
        } else {
          page.form.emplace(p.name, std::move(p.data));
        }
      }
    } else {
      return Error{ErrorCode::kUnsupportedMediaType, "unsupported form encoding", "content-type", {}};
    }
    // Every form carries the CSRF token; a fresh pre-session token cannot match.
    if (!page.set_cookie.empty()) return Error::Forbidden("the form has expired; reload the page and try again");
    if (auto st = http::CheckCsrf(req, page.caller, page.Field("csrf")); !st) return st.error();
  }
  return page;
}

Response PageKit::Html(Page& page, int status, const std::string& tmpl, const std::string& title_key,
                       mstch::map ctx, const Blocks& blocks) {
  return Finish(page, status, view_.Render(tmpl, title_key, std::move(ctx), page.pc, blocks));
}

Response PageKit::HtmlBody(Page& page, int status, const std::string& title_key,
                           std::string_view shared_body) {
  const std::string& mark = view_.csrf_placeholder();
  std::string body;
  body.reserve(shared_body.size() + 256);
  for (auto at = shared_body.find(mark); at != std::string_view::npos; at = shared_body.find(mark)) {
    body.append(shared_body.substr(0, at));
    AppendEscaped(body, page.pc.csrf);
    shared_body.remove_prefix(at + mark.size());
  }
  body.append(shared_body);
  return Finish(page, status, view_.Wrap(title_key, body, page.pc));
}

std::size_t PageKit::CsrfFillSize(const Page& page) {
  std::string token;
  AppendEscaped(token, page.pc.csrf);
  return token.size();
}

std::shared_ptr<const PageKit::Shell> PageKit::LayoutShell(const Page& page, const std::string& title_key) {
  // Everything the layout shows of the viewer and the request (View::Layout).
  std::string key;
  if (page.pc.user) {
    const auto& u = *page.pc.user;
    key = std::to_string(u.id) + '\x1f' + std::string(domain::RoleName(u.role)) + '\x1f' + u.display_name;
  }
  key += '\x1f' + std::string(domain::LanguageCode(page.pc.lang)) + '\x1f' + page.pc.csrf + '\x1f' + title_key +
         '\x1f' + page.pc.notice + '\x1f' + page.pc.path;
  if (auto hit = shells_.Get(key)) return hit;
  const std::string& mark = view_.csrf_placeholder();
  const std::string shell = view_.Wrap(title_key, mark, page.pc);
  const auto at = shell.find(mark);
  if (at == std::string::npos) return nullptr;
  auto value = std::make_shared<const Shell>(Shell{shell.substr(0, at), shell.substr(at + mark.size())});
  shells_.Put(key, value);
  return value;
}

Response PageKit::HtmlCached(Page& page, const Request& req, int status, const std::string& title_key,
                             const app::CachedRendering& body) {
  const auto shell = LayoutShell(page, title_key);
  if (!shell) return HtmlBody(page, status, title_key, body.text);
  const std::string_view head = shell->head;
  const std::string_view tail = shell->tail;
  const std::string& mark = view_.csrf_placeholder();
  std::string token;
  AppendEscaped(token, page.pc.csrf);
  Response r;
  if (http::AcceptsGzip(req) && body.gzip.Fits(token)) {
    r = Finish(page, status, body.gzip.Render(head, token, tail));
    r.Set("Content-Encoding", "gzip");
  } else {
    // One pass, one copy of the (large) body: head, body with the token in, tail.
    std::string html;
    html.reserve(head.size() + body.text.size() + 16 * token.size() + tail.size());
    html.append(head);
    std::string_view rest = body.text;
    for (auto hole = rest.find(mark); hole != std::string_view::npos; hole = rest.find(mark)) {
      html.append(rest.substr(0, hole));
      html.append(token);
      rest.remove_prefix(hole + mark.size());
    }
    html.append(rest);
    html.append(tail);
    r = Finish(page, status, std::move(html));
  }
  http::AddVary(r, "Accept-Encoding");
  return r;
}

Response PageKit::Finish(Page& page, int status, std::string html) {
  Response r = Response::Html(status, std::move(html));
  if (!page.set_cookie.empty()) r.Set("Set-Cookie", page.set_cookie);
  r.Set("Content-Language", std::string(domain::LanguageCode(page.pc.lang)));
  r.Set("Vary", "Cookie, Accept-Language");
  return r;
}

Response PageKit::ErrorPage(Page& page, const Error& error) {
  const int status = http::HttpStatus(error.code);
  if (error.code == ErrorCode::kUnauthenticated) {
    return Response::Redirect("/login?next=" + page.pc.path);
  }
  if (error.code == ErrorCode::kInternal) {
    spdlog::error("internal error: {}", error.internal);  // the viewer sees only a generic message
    return Html(page, 500, "error", "error.title", {{"message", S(T(page, "error.internal"))}});
  }
  return Html(page, status, "error", "error.title",
              {{"message", S(ErrorText(page, error))}, {"field", S(error.field)}});
}

Response PageKit::RequireLogin(const Request& req) {
  return Response::Redirect("/login?next=" + CurrentLocation(req));
}

// Only local paths may follow a log-in (no open redirect).
std::string SafeNext(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") || next.find('\\') != std::string::npos) {
    return "/";
  }
  // `next` arrives decoded: what cannot stand in a Location as it is goes back
  // to %XX ("/advisories/JVN#12345678" must not end at a fragment).
  std::string out;
  out.reserve(next.size());
  for (unsigned char c : next) {
    if (c == '#' || c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>') {
      out += fmt::format("%{:02X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace cvdhub::web
