// entangle: the command line of the Entangle framework.
#include <exception>

#include "common/progress.h"
#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

int main(int argc, char** argv) {
  using namespace entangle::cli;
  CLI::App app{"Entangle: zk-verified rollups that settle on several chains at once", "entangle"};
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--plugin-dir", Globals().plugin_dirs,
                 "Folder searched for plugins before ENTANGLE_PLUGIN_PATH and the default")
      ->type_name("DIR")
      ->allow_extra_args(false);
  app.add_option("--progress", Globals().progress, "Progress display for long work")
      ->check(CLI::IsMember({"auto", "json", "none"}))
      ->capture_default_str();
  app.parse_complete_callback([] {
    const std::string& p = Globals().progress;
    entangle::Progress::SetMode(p == "json"   ? entangle::ProgressMode::kJson
                                : p == "none" ? entangle::ProgressMode::kNone
                                              : entangle::ProgressMode::kAuto);
  });

  RegisterVersionCommand(app);
  RegisterPluginsCommand(app);
  RegisterConfigCommand(app);
  RegisterConformanceCommand(app);
  RegisterRunCommand(app);
  RegisterGroth16Command(app);
  RegisterPlonkyCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit with 2 (after CLI11 prints them); --help exits with 0.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    return Fail(std::string("internal error: ") + e.what(), 70);
  }
  return ExitCode();
}
