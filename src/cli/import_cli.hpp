// `cvdhub import cve FILE` and `cvdhub import osv FILE`: bulk import of
// reference records from JSON Lines (plain or zstd-compressed; "-" reads
// standard input). A progress bar is drawn when standard error is a
// terminal; otherwise only the summary is printed. Bad lines are reported on
// standard error with their number and reason and skipped.
// Exit status: 0 all lines stored, 2 some lines were bad, 1 the import failed.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "app/services.hpp"

namespace cvdhub::cli {

struct ImportCommands {
  CLI::App* import = nullptr;
  CLI::App* cve = nullptr;
  CLI::App* osv = nullptr;
  std::string file;
  bool all_errors = false;
};

// Adds `import cve|osv FILE`, taking --data into `data_dir`.
ImportCommands AddImportCommands(CLI::App& cli, std::string& data_dir);

// Runs the chosen import; returns the exit status.
int RunImportCommand(const ImportCommands& cmds, app::Services& services);

}  // namespace cvdhub::cli
