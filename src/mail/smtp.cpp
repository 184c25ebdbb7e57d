#include "mail/smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace cvdhub::mail {
namespace {

struct Reader {
  std::string_view data;
  std::size_t pos = 0;
};

std::size_t ReadChunk(char* buffer, std::size_t size, std::size_t nitems, void* userdata) {
  auto* r = static_cast<Reader*>(userdata);
  const std::size_t room = size * nitems;
  const std::size_t n = std::min(room, r->data.size() - r->pos);
  if (n > 0) std::memcpy(buffer, r->data.data() + r->pos, n);
  r->pos += n;
  return n;
}

bool SafeEnvelopeAddress(std::string_view a) {
  return !a.empty() && a.size() <= 254 && std::none_of(a.begin(), a.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == 0x7f;
  });
}

// "<address>" (built by appending: g++ 12 warns falsely on operator+ here).
std::string Bracketed(std::string_view address) {
  std::string out;
  out.reserve(address.size() + 2);
  out.push_back('<');
  out.append(address);
  out.push_back('>');
  return out;
}

// Authentication and TLS problems are ours to fix, not the recipient's:
// they are retried, never turned into a permanent failure.
bool ConfigurationReply(long code) { return code == 530 || code == 534 || code == 535 || code == 538; }

class CurlSmtp final : public SmtpTransport {
 public:
  explicit CurlSmtp(SmtpSettings settings) : s_(std::move(settings)) {}

  SmtpOutcome Send(std::string_view from, std::string_view to, std::string_view message) override {
    if (!SafeEnvelopeAddress(from) || !SafeEnvelopeAddress(to)) {
      return {SmtpOutcome::Kind::kPermanent, 0, "invalid envelope address"};
    }
    CURL* c = curl_easy_init();
    if (c == nullptr) return {SmtpOutcome::Kind::kTransient, 0, "libcurl could not start"};
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> holder(c, curl_easy_cleanup);
    const std::string mail_from = Bracketed(from);
    const std::string rcpt = Bracketed(to);
    curl_slist* rcpts = curl_slist_append(nullptr, rcpt.c_str());
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpts_holder(rcpts, curl_slist_free_all);
    Reader reader{message, 0};
    char error[CURL_ERROR_SIZE] = {0};

    curl_easy_setopt(c, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadChunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &reader);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(s_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<std::int64_t>(s_.timeout.count(), 30)));
    const long use_ssl = s_.tls == SmtpTls::kNone ? CURLUSESSL_NONE
                         : s_.tls == SmtpTls::kTry ? CURLUSESSL_TRY
                                                   : CURLUSESSL_ALL;
    curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
    if (!s_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s_.ca_file.c_str());
    if (!s_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, s_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, s_.password.c_str());
    }

    const CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) return {SmtpOutcome::Kind::kDelivered, static_cast<int>(code), "250 accepted"};
    std::string detail = error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(rc));
    if (code != 0) detail = std::to_string(code) + ": " + detail;
    const bool permanent = code >= 500 && code < 600 && !ConfigurationReply(code);
    return {permanent ? SmtpOutcome::Kind::kPermanent : SmtpOutcome::Kind::kTransient, static_cast<int>(code),
            detail};
  }

 private:
  SmtpSettings s_;
};

}  // namespace

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<SmtpTls> ParseSmtpTls(std::string_view name) {
  if (name == "none") return SmtpTls::kNone;
  if (name == "try") return SmtpTls::kTry;
  if (name == "required") return SmtpTls::kRequired;
  return Error::Invalid("smtp-tls", "smtp-tls must be none, try or required");
}

Result<std::unique_ptr<SmtpTransport>> MakeCurlSmtp(const SmtpSettings& settings) {
  if (!settings.url.starts_with("smtp://") && !settings.url.starts_with("smtps://")) {
    return Error::Invalid("smtp", "the SMTP server must be an smtp:// or smtps:// URL");
  }
  if (settings.timeout.count() <= 0) return Error::Invalid("smtp-timeout", "the SMTP timeout must be positive");
  InitCurl();
  return std::unique_ptr<SmtpTransport>(std::make_unique<CurlSmtp>(settings));
}

}  // namespace cvdhub::mail
