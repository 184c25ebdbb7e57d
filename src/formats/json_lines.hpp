// Reading JSON Lines files, plain or zstd-compressed, one line at a time
// with bounded memory: the compressed stream goes through libzstd as it is
// read. Compression is detected by the zstd magic bytes, not the file name.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace cvdhub::formats {

struct JsonLine {
  std::int64_t number = 0;  // 1-based
  std::string_view text;    // without the newline (and a trailing \r); valid until the next Next()
  bool too_long = false;    // longer than the reader's limit: `text` is empty, the line was skipped
};

class JsonLinesReader {
 public:
  static constexpr std::size_t kDefaultMaxLine = 64 << 20;  // 64 MiB: real records are below 1 MiB

  // Opens `path` ("-" for standard input). Invalid naming the file when it
  // cannot be opened.
  static Result<std::unique_ptr<JsonLinesReader>> Open(const std::string& path,
                                                       std::size_t max_line = kDefaultMaxLine);
  ~JsonLinesReader();
  JsonLinesReader(const JsonLinesReader&) = delete;
  JsonLinesReader& operator=(const JsonLinesReader&) = delete;

  // The next line, or nullopt at the end. Blank lines are returned too.
  // Fails on a read error and on corrupt or truncated compressed data (with
  // the line number reached).
  Result<std::optional<JsonLine>> Next();

  bool compressed() const { return compressed_; }
  // Bytes of the file consumed so far (read and turned into lines handed
  // out, or being decompressed), and its size (nullopt for a pipe).
  std::uint64_t bytes_read() const;
  std::optional<std::uint64_t> file_size() const { return file_size_; }

 private:
  JsonLinesReader(std::FILE* file, bool owned, std::string name, std::size_t max_line);
  // Appends more text to buf_; false at the end of the input.
  Result<bool> Fill();
  Result<bool> ReadRaw();

  std::FILE* file_;
  bool owned_;
  std::string name_;
  std::size_t max_line_;
  bool compressed_ = false;
  bool started_ = false;
  bool eof_ = false;
  std::uint64_t bytes_read_ = 0;
  std::optional<std::uint64_t> file_size_;
  std::int64_t line_number_ = 0;
  std::string raw_;          // bytes read from the file, not yet decompressed
  std::size_t raw_pos_ = 0;
  std::string buf_;          // text not yet returned as lines
  std::size_t pos_ = 0;
  struct Zstd;
  std::unique_ptr<Zstd> zstd_;
};

}  // namespace cvdhub::formats
