// The `cvdhub` command line: serve, migrate, user add, report submit,
// calendar, routes, token create.
#pragma once

namespace cvdhub::cli {

// Parses arguments and runs one subcommand. Returns the process exit code:
// 0 success, 1 the operation failed, 2 bad usage.
int Run(int argc, char** argv);

}  // namespace cvdhub::cli
