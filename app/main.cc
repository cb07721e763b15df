#include "app/cli.h"

int main(int argc, char** argv) { return govaudit::RunCommandLine(argc, argv); }
