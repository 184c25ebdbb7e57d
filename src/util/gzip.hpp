// gzip (RFC 1952) for response bodies: compressed once when a view is
// rendered, served many times. zlib does the deflating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdhub::util {

// `text` as one gzip member, compressed at zlib `level` (1 fastest … 9 smallest).
std::string GzipCompress(std::string_view text, int level = 6);

// The text of a gzip stream (one or more members); nullopt when `gz` is not
// valid gzip, fails its checksum, or would inflate to more than `max_size` bytes.
std::optional<std::string> GzipDecompress(std::string_view gz, std::size_t max_size = std::size_t{64} << 20);

// A text compressed once with holes where each response puts its own bytes
// (a viewer's CSRF token), to be sent inside a per-response prefix and suffix
// (the page layout with the viewer's name). Render() costs a copy and a CRC of
// the per-response bytes, not a compression.
//
// Each stretch between holes is deflated on its own (the dictionary is reset
// at every hole), and the per-response bytes go into stored, uncompressed
// blocks: no secret in them is ever compressed together with other text, so
// their length cannot leak through the compressed size (BREACH).
class GzipTemplate {
 public:
  GzipTemplate() = default;
  // Compresses `text`; each occurrence of `hole` (non-empty) is cut out and
  // becomes a place for Render's `fill`. An empty `hole` makes no holes.
  GzipTemplate(std::string_view text, std::string_view hole, int level = 6);

  // One complete gzip member holding prefix + text (every hole filled with
  // `fill`) + suffix.
  std::string Render(std::string_view prefix = {}, std::string_view fill = {},
                     std::string_view suffix = {}) const;

  // Compressed bytes held (for sizing caches and reports).
  std::size_t compressed_size() const;
  std::size_t holes() const { return segments_.empty() ? 0 : segments_.size() - 1; }

 private:
  struct Segment {
    std::string deflated;  // raw deflate blocks ending on a byte boundary, not final
    std::uint32_t crc = 0;
    std::size_t size = 0;  // uncompressed length
  };
  std::vector<Segment> segments_;  // a hole between each two
};

}  // namespace cvdhub::util
