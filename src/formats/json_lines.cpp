#include "formats/json_lines.hpp"

#include <sys/stat.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

namespace cvdhub::formats {
namespace {

constexpr std::size_t kReadChunk = 1 << 20;
constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};

}  // namespace

struct JsonLinesReader::Zstd {
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  std::size_t last = 0;  // the last ZSTD_decompressStream result: 0 when a frame just ended
  std::string out = std::string(ZSTD_DStreamOutSize(), '\0');
  ~Zstd() { ZSTD_freeDCtx(ctx); }
};

Result<std::unique_ptr<JsonLinesReader>> JsonLinesReader::Open(const std::string& path, std::size_t max_line) {
  if (path == "-") {
    return std::unique_ptr<JsonLinesReader>(new JsonLinesReader(stdin, false, "standard input", max_line));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Error::Invalid("FILE", "cannot open " + path + ": " + std::strerror(errno));
  return std::unique_ptr<JsonLinesReader>(new JsonLinesReader(f, true, path, max_line));
}

JsonLinesReader::JsonLinesReader(std::FILE* file, bool owned, std::string name, std::size_t max_line)
    : file_(file), owned_(owned), name_(std::move(name)), max_line_(max_line) {
  struct stat st {};
  if (fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode)) file_size_ = static_cast<std::uint64_t>(st.st_size);
}

JsonLinesReader::~JsonLinesReader() {
  if (owned_) std::fclose(file_);
}

std::uint64_t JsonLinesReader::bytes_read() const {
  // Read ahead of what was used: the raw bytes not yet decompressed, and (plain) the text not yet split.
  std::uint64_t ahead = raw_.size() - raw_pos_;
  if (!compressed_) ahead += buf_.size() - pos_;
  return bytes_read_ > ahead ? bytes_read_ - ahead : 0;
}

Result<bool> JsonLinesReader::ReadRaw() {
  if (raw_pos_ > 0) {
    raw_.erase(0, raw_pos_);
    raw_pos_ = 0;
  }
  if (eof_) return !raw_.empty();
  const std::size_t have = raw_.size();
  raw_.resize(have + kReadChunk);
  const std::size_t n = std::fread(raw_.data() + have, 1, kReadChunk, file_);
  raw_.resize(have + n);
  bytes_read_ += n;
  if (n < kReadChunk) {
    if (std::ferror(file_)) return Error::Invalid("FILE", "cannot read " + name_ + ": " + std::strerror(errno));
    eof_ = true;
  }
  return !raw_.empty();
}

Result<bool> JsonLinesReader::Fill() {
  if (!started_) {
    started_ = true;
    auto got = ReadRaw();
    if (!got) return got.error();
    compressed_ = raw_.size() >= 4 && std::memcmp(raw_.data(), kZstdMagic, 4) == 0;
    if (compressed_) {
      zstd_ = std::make_unique<Zstd>();
      if (zstd_->ctx == nullptr) return Error::Internal("ZSTD_createDCtx failed");
    }
  }
  if (!compressed_) {
    if (raw_pos_ >= raw_.size()) {
      auto got = ReadRaw();
      if (!got) return got.error();
      if (!*got) return false;
    }
    buf_.append(raw_, raw_pos_, std::string::npos);
    raw_pos_ = raw_.size();
    return true;
  }
  while (true) {
    if (raw_pos_ >= raw_.size()) {
      auto got = ReadRaw();
      if (!got) return got.error();
      if (!*got) {
        if (zstd_->last != 0) {
          return Error::Invalid("FILE", name_ + ": the zstd data is truncated (after line " +
                                            std::to_string(line_number_) + ")");
        }
        return false;
      }
    }
    ZSTD_inBuffer in{raw_.data(), raw_.size(), raw_pos_};
    ZSTD_outBuffer out{zstd_->out.data(), zstd_->out.size(), 0};
    const std::size_t ret = ZSTD_decompressStream(zstd_->ctx, &out, &in);
    if (ZSTD_isError(ret)) {
      return Error::Invalid("FILE", name_ + ": corrupt zstd data after line " + std::to_string(line_number_) + " (" +
                                        ZSTD_getErrorName(ret) + ")");
    }
    zstd_->last = ret;
    raw_pos_ = in.pos;
    if (out.pos > 0) {
      buf_.append(zstd_->out.data(), out.pos);
      return true;
    }
  }
}

Result<std::optional<JsonLine>> JsonLinesReader::Next() {
  bool skipping = false;  // inside a line longer than max_line_
  std::size_t scanned = pos_;
  while (true) {
    const char* start = buf_.data() + scanned;
    const void* nl = scanned < buf_.size() ? std::memchr(start, '\n', buf_.size() - scanned) : nullptr;
    if (nl != nullptr) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
      JsonLine line;
      line.number = ++line_number_;
      if (skipping || at - pos_ > max_line_) {
        line.too_long = true;
      } else {
        line.text = std::string_view(buf_).substr(pos_, at - pos_);
      }
      pos_ = at + 1;
      if (line.text.ends_with('\r')) line.text.remove_suffix(1);
      if (line.number == 1 && line.text.starts_with("\xEF\xBB\xBF")) line.text.remove_prefix(3);  // a BOM
      return std::optional<JsonLine>(line);
    }
    if (buf_.size() - pos_ > max_line_) {
      skipping = true;
      buf_.clear();
      pos_ = 0;
    } else if (pos_ > 0) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    scanned = buf_.size();
    auto more = Fill();
    if (!more) return more.error();
    if (!*more) {
      if (pos_ >= buf_.size() && !skipping) return std::optional<JsonLine>();
      // The last line has no newline.
      JsonLine line;
      line.number = ++line_number_;
      if (skipping || buf_.size() - pos_ > max_line_) {
        line.too_long = true;
      } else {
        line.text = std::string_view(buf_).substr(pos_);
      }
      pos_ = buf_.size();
      if (line.text.ends_with('\r')) line.text.remove_suffix(1);
      if (line.number == 1 && line.text.starts_with("\xEF\xBB\xBF")) line.text.remove_prefix(3);
      return std::optional<JsonLine>(line);
    }
  }
}

}  // namespace cvdhub::formats
