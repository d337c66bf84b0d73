// `devchain`: an in-process Bitcoin regtest chain served over bitcoind's JSON-RPC.
//   devchain [--port N] [--rpcuser U --rpcpassword P] [--datadir DIR]
// Prints "listening 127.0.0.1:<port>" once ready; runs until SIGINT/SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "chains/bitcoin/devchain/devchain.h"
#include "chains/bitcoin/devchain/rpc_server.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  using namespace entangle::bitcoin::devchain;
  RpcServer::Options opt;
  std::string datadir;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--port") {
      opt.port = std::atoi(argv[i + 1]);
    } else if (a == "--rpcuser") {
      opt.user = argv[i + 1];
    } else if (a == "--rpcpassword") {
      opt.password = argv[i + 1];
    } else if (a == "--datadir") {
      datadir = argv[i + 1];
    } else {
      std::fprintf(stderr, "unknown flag %s\n", a.c_str());
      return 2;
    }
  }
  auto chain = Devchain::Open(datadir);
  if (!chain.ok()) {
    std::fprintf(stderr, "devchain: %s\n", std::string(chain.status().message()).c_str());
    return 1;
  }
  auto server = RpcServer::Start(chain->get(), opt);
  if (!server.ok()) {
    std::fprintf(stderr, "devchain: %s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf("listening 127.0.0.1:%d\n", (*server)->port());
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  (*server)->Stop();
  return 0;
}
