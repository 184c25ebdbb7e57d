#include "cli/import_cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "formats/json_lines.hpp"

namespace cvdhub::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kShownErrors = 100;  // bad lines printed one by one unless --all-errors
constexpr auto kRedraw = std::chrono::milliseconds(100);

// Reports bad lines and draws the progress bar on standard error.
class ProgressBar final : public app::ImportObserver {
 public:
  ProgressBar(bool tty, bool all_errors) : tty_(tty), all_errors_(all_errors), start_(Clock::now()) {}

  void BadLine(std::int64_t line, const Error& why) override {
    ++bad_;
    if (!all_errors_ && bad_ > kShownErrors) return;
    ClearBar();
    std::cerr << "line " << line << ": " << why.message << "\n";
    if (!all_errors_ && bad_ == kShownErrors) {
      std::cerr << "(further bad lines are counted, not shown; --all-errors shows every one)\n";
    }
  }

  void Progress(const app::ImportSummary& s) override {
    last_ = s;
    if (!tty_) return;
    const auto now = Clock::now();
    if (now - drawn_ < kRedraw) return;
    drawn_ = now;
    Draw(s, false);
  }

  // Ends the bar (a last full redraw) before the summary.
  void Finish(const app::ImportSummary& s) {
    if (tty_) Draw(s, true);
  }

  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  const app::ImportSummary& last() const { return last_; }

 private:
  void ClearBar() {
    if (tty_ && drawn_once_) std::cerr << "\r\033[K";
  }

  void Draw(const app::ImportSummary& s, bool final) {
    constexpr int kWidth = 30;
    const double fraction =
        s.bytes_total && *s.bytes_total > 0 ? std::min(1.0, static_cast<double>(s.bytes_read) / *s.bytes_total) : 0.0;
    const int filled = static_cast<int>(fraction * kWidth);
    const double secs = std::max(Seconds(), 1e-3);
    const auto stored = s.inserted + s.updated + s.unchanged + s.older;
    std::string bar = "\r\033[K[" + std::string(filled, '#') + std::string(kWidth - filled, '-') + "] ";
    if (s.bytes_total) bar += fmt::format("{:3.0f}%  ", fraction * 100);
    bar += fmt::format("{} records  {:.0f}/s", stored, stored / secs);
    if (s.bad > 0) bar += fmt::format("  {} bad", s.bad);
    if (!final && fraction > 0.02) bar += fmt::format("  ~{:.0f} s left", secs / fraction - secs);
    std::cerr << bar << (final ? "\n" : "") << std::flush;
    drawn_once_ = !final;
  }

  bool tty_;
  bool all_errors_;
  Clock::time_point start_;
  Clock::time_point drawn_{};
  bool drawn_once_ = false;
  std::int64_t bad_ = 0;
  app::ImportSummary last_;
};

}  // namespace

ImportCommands AddImportCommands(CLI::App& cli, std::string& data_dir) {
  ImportCommands c;
  c.import = cli.add_subcommand("import", "Import reference records (JSON Lines, plain or zstd-compressed)");
  c.import->require_subcommand(1);
  c.cve = c.import->add_subcommand("cve", "Import CVE JSON 5.x records, one a line (upsert by CVE ID)");
  c.osv = c.import->add_subcommand("osv", "Import OSV entries, one a line (upsert by id)");
  for (auto* sub : {c.cve, c.osv}) {
    sub->add_option("FILE", c.file, "JSON Lines file, plain or .zst (- for standard input)")->required();
    sub->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
    sub->add_flag("--all-errors", c.all_errors, "Print every bad line (default: the first 100)");
  }
  return c;
}

int RunImportCommand(const ImportCommands& cmds, app::Services& services) {
  const auto kind = *cmds.cve ? domain::RecordKind::kCve : domain::RecordKind::kOsv;
  auto reader = formats::JsonLinesReader::Open(cmds.file);
  if (!reader) {
    std::cerr << "error: " << reader.error().message << "\n";
    return 1;
  }
  ProgressBar progress(::isatty(STDERR_FILENO) == 1, cmds.all_errors);
  auto sum = services.records.Import(kind, **reader, &progress);
  progress.Finish(sum ? *sum : progress.last());
  if (!sum) {
    const auto& s = progress.last();
    std::cerr << "error: " << sum.error().message << "\n";
    if (!sum.error().internal.empty()) std::cerr << "  (" << sum.error().internal << ")\n";
    std::cerr << fmt::format("stored before the error: {} new, {} updated\n", s.inserted, s.updated);
    return 1;
  }
  const double secs = progress.Seconds();
  std::cout << fmt::format(
      "imported {} from {}{}: {} lines, {} new, {} updated, {} unchanged, {} older than stored (kept), "
      "{} blank, {} bad, in {:.1f} s ({:.0f} lines/s)\n",
      kind == domain::RecordKind::kCve ? "CVE records" : "OSV entries", cmds.file,
      (*reader)->compressed() ? " (zstd)" : "", sum->lines, sum->inserted, sum->updated, sum->unchanged, sum->older,
      sum->blank, sum->bad, secs, sum->lines / std::max(secs, 1e-3));
  return sum->bad > 0 ? 2 : 0;
}

}  // namespace cvdhub::cli
