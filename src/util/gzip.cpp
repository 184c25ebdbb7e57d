#include "util/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace cvdhub::util {
namespace {

constexpr std::size_t kMaxStored = 65535;  // the largest stored deflate block (RFC 1951 §3.2.4)

const Bytef* In(std::string_view s) {
  return reinterpret_cast<const Bytef*>(s.data());
}

std::uint32_t Crc(std::string_view s) {
  return static_cast<std::uint32_t>(crc32_z(0, In(s), s.size()));
}

// The CRC of A+B from those of A and B; `op` is crc32_combine_gen(length of B).
std::uint32_t CrcCombine(std::uint32_t a, std::uint32_t b, uLong op) {
  return static_cast<std::uint32_t>(crc32_combine_op(a, b, op));
}

uLong CombineOp(std::size_t size) {
  return crc32_combine_gen(static_cast<z_off_t>(size));
}

void AppendLe32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// `data` as stored (uncompressed) deflate blocks; the last one is final when
// `final` is set (then at least one block is written, even for no data).
void AppendStored(std::string& out, std::string_view data, bool final) {
  if (data.empty() && !final) return;
  do {
    const std::size_t n = std::min(data.size(), kMaxStored);
    const bool last = n == data.size();
    // At a byte boundary the 3-bit block header (BFINAL, BTYPE=00) fills one byte.
    out.push_back(static_cast<char>(final && last ? 1 : 0));
    out.push_back(static_cast<char>(n & 0xff));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(~n & 0xff));
    out.push_back(static_cast<char>((~n >> 8) & 0xff));
    out.append(data.substr(0, n));
    data.remove_prefix(n);
  } while (!data.empty());
}

// Feeds `in` to `zs` with `flush` until zlib has written all it will, appending the output.
void Deflate(z_stream& zs, std::string_view in, int flush, std::string& out) {
  zs.next_in = const_cast<Bytef*>(In(in));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[16384];
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
    out.append(buf, sizeof buf - zs.avail_out);
  } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

struct DeflateStream {
  z_stream zs{};
  DeflateStream(int level, int window_bits) {
    if (deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("deflateInit2 failed");
    }
  }
  ~DeflateStream() { deflateEnd(&zs); }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;
};

}  // namespace

std::string GzipCompress(std::string_view text, int level) {
  DeflateStream d(level, 15 + 16);  // +16: a gzip header and trailer
  std::string out;
  out.reserve(deflateBound(&d.zs, static_cast<uLong>(text.size())));
  // zlib takes at most 4 GiB a call; bodies are far smaller, but stay correct.
  while (text.size() > (std::size_t{1} << 30)) {
    Deflate(d.zs, text.substr(0, std::size_t{1} << 30), Z_NO_FLUSH, out);
    text.remove_prefix(std::size_t{1} << 30);
  }
  Deflate(d.zs, text, Z_FINISH, out);
  return out;
}

std::optional<std::string> GzipDecompress(std::string_view gz, std::size_t max_size) {
  if (gz.empty()) return std::nullopt;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;  // gzip only
  std::string out;
  char buf[16384];
  zs.next_in = const_cast<Bytef*>(In(gz));
  zs.avail_in = static_cast<uInt>(gz.size());
  bool ok = false;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_size) break;
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) {
        ok = true;
        break;
      }
      // Another member follows (RFC 1952 §2.2).
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK) break;                                 // corrupt data, bad checksum
    if (zs.avail_in == 0 && zs.avail_out != 0) break;     // truncated
  }
  inflateEnd(&zs);
  if (!ok) return std::nullopt;
  return out;
}

GzipTemplate::GzipTemplate(std::string_view text, std::string_view hole, std::size_t fill_size, int level) {
  DeflateStream d(level, -15);  // raw deflate: the header and trailer are Render's
  // One stream needs a stand-in the text never holds: a later match can then
  // never reach into a hole, only across it, and the fill's length keeps the
  // distances right. NUL bytes are that stand-in; a text with NULs is cut.
  const bool one_stream = fill_size > 0 && !hole.empty() && text.find('\0') == std::string_view::npos;
  const std::string stand_in(one_stream ? fill_size : 0, '\0');
  std::string discarded;
  while (true) {
    const std::size_t at = hole.empty() ? std::string_view::npos : text.find(hole);
    const std::string_view piece = text.substr(0, at);
    Segment seg{.deflated = {}, .crc = Crc(piece), .size = piece.size(), .combine = CombineOp(piece.size())};
    // A flush ends the piece on a byte boundary, where Render puts the fill
    // in a stored block; a full flush also resets the dictionary, so that
    // the next piece refers to nothing before the hole.
    if (!piece.empty()) Deflate(d.zs, piece, one_stream ? Z_SYNC_FLUSH : Z_FULL_FLUSH, seg.deflated);
    segments_.push_back(std::move(seg));
    if (at == std::string_view::npos) break;
    if (one_stream) {
      // The stand-in enters the window; its own compressed form is dropped.
      Deflate(d.zs, stand_in, Z_SYNC_FLUSH, discarded);
      discarded.clear();
    }
    text.remove_prefix(at + hole.size());
  }
  if (one_stream && segments_.size() > 1) fill_size_ = fill_size;
}

std::string GzipTemplate::Render(std::string_view prefix, std::string_view fill, std::string_view suffix) const {
  if (!Fits(fill)) return {};
  std::string out;
  out.reserve(compressed_size() + prefix.size() + suffix.size() + fill.size() * holes() + 64 +
              5 * (segments_.size() + 2));
  // Header (RFC 1952 §2.3): magic, deflate, no flags, no time, no extra flags, Unix.
  out.append("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  AppendStored(out, prefix, false);
  // The CRC of the whole from the parts' CRCs: the per-response parts are
  // read once, the compressed ones not at all.
  std::uint32_t crc = Crc(prefix);
  std::size_t size = prefix.size();
  const std::uint32_t fill_crc = Crc(fill);
  const uLong fill_op = segments_.size() > 1 ? CombineOp(fill.size()) : 0;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (i > 0) {
      AppendStored(out, fill, false);
      crc = CrcCombine(crc, fill_crc, fill_op);
      size += fill.size();
    }
    out += segments_[i].deflated;
    crc = CrcCombine(crc, segments_[i].crc, segments_[i].combine);
    size += segments_[i].size;
  }
  AppendStored(out, suffix, true);
  crc = CrcCombine(crc, Crc(suffix), CombineOp(suffix.size()));
  size += suffix.size();
  AppendLe32(out, crc);
  AppendLe32(out, static_cast<std::uint32_t>(size));  // ISIZE: the length modulo 2^32
  return out;
}

std::size_t GzipTemplate::compressed_size() const {
  std::size_t n = 0;
  for (const auto& s : segments_) n += s.deflated.size();
  return n;
}

}  // namespace cvdhub::util
