// cvdhub: the command-line entry point. All behaviour lives in the library.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return cvdhub::cli::Run(argc, argv); }
