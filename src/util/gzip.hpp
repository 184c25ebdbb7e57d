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
// The per-response bytes go into stored, uncompressed blocks, and the text is
// never compressed against them: no secret in them shares a compression
// window with other text, so it cannot leak through the compressed size
// (BREACH). When every fill has one known length (a fixed-length token), the
// text is compressed as one stream with a stand-in of that length (bytes the
// text never holds) in each hole, so that later text may still refer to
// earlier text across a hole; otherwise each stretch between holes is
// compressed on its own (the dictionary is reset at every hole).
class GzipTemplate {
 public:
  GzipTemplate() = default;
  // Compresses `text`; each occurrence of `hole` (non-empty) is cut out and
  // becomes a place for Render's `fill`. An empty `hole` makes no holes.
  // `fill_size` > 0 promises fills of exactly that many bytes (see Fits).
  GzipTemplate(std::string_view text, std::string_view hole, std::size_t fill_size = 0, int level = 6);

  // Whether Render may put `fill` in the holes: always, unless the template
  // was made for fills of another size.
  bool Fits(std::string_view fill) const { return fill_size_ == 0 || holes() == 0 || fill.size() == fill_size_; }

  // One complete gzip member holding prefix + text (every hole filled with
  // `fill`) + suffix. Needs Fits(fill); otherwise returns "".
  std::string Render(std::string_view prefix = {}, std::string_view fill = {},
                     std::string_view suffix = {}) const;

  // Compressed bytes held (for sizing caches and reports).
  std::size_t compressed_size() const;
  std::size_t holes() const { return segments_.empty() ? 0 : segments_.size() - 1; }

 private:
  struct Segment {
    std::string deflated;  // raw deflate blocks ending on a byte boundary, not final
    std::uint32_t crc = 0;
    std::size_t size = 0;       // uncompressed length
    unsigned long combine = 0;  // zlib's crc32_combine_op operator for `size`, made once
  };
  std::vector<Segment> segments_;  // a hole between each two
  std::size_t fill_size_ = 0;      // non-zero: one stream, fills of exactly this size
};

}  // namespace cvdhub::util
