// libFuzzer target for the HTTP edge parsers: percent-decoding, url-encoded
// forms, multipart/form-data, cookies. Any bytes must parse or be refused
// with an error; never crash or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/forms.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)cvdhub::http::PercentDecode(in, true);
  (void)cvdhub::http::ParseUrlEncoded(in);
  (void)cvdhub::http::ParseCookies(in);
  (void)cvdhub::http::MediaType(in);
  // The first line is the Content-Type, the rest the body.
  const auto eol = in.find('\n');
  const std::string_view type = in.substr(0, eol);
  const std::string_view body = eol == std::string_view::npos ? std::string_view{} : in.substr(eol + 1);
  if (auto boundary = cvdhub::http::MultipartBoundary(type)) {
    (void)cvdhub::http::ParseMultipart(body, *boundary);
  }
  (void)cvdhub::http::ParseMultipart(body, "b");
  return 0;
}
