// entangle run PROGRAM [--isa auto|mips|riscv] [--input FILE] [--max-cycles N] [--segment-size N]
//                      [--strict] [--json]
//
// Runs a guest ELF on an ISA plugin. The guest's stdout/stderr go to ours and our exit status is
// the guest's exit code. A VM fault (bad ELF, unsupported instruction, memory fault, cycle limit)
// prints one line "entangle: <reason> at pc 0x..." and exits 125; --json prints one object instead.
#include <absl/strings/str_format.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

namespace entangle::cli {
namespace {

constexpr int kVmFault = 125;

struct RunOptions {
  std::string program;
  std::string isa = "auto";
  std::string input;
  uint64_t max_cycles = 10'000'000'000ull;
  uint64_t segment_size = 0;
  bool strict = false;
  bool json = false;
};

bool ReadFile(const std::string& path, Bytes& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return !f.bad();
}

std::string Hex(ByteView b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t c : b) s += d[c >> 4], s += d[c & 15];
  return s;
}

// Minimal ELF identification (the CLI reaches ISAs only through plugins, so it parses just enough
// to ask each ISA plugin whether it recognizes the image).
bool Ident(const Bytes& elf, vm::ElfIdent& id) {
  if (elf.size() < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
    return false;
  }
  id.elf_class = elf[4];
  id.endian = elf[5] == 2 ? vm::Endian::kBig : vm::Endian::kLittle;
  id.machine = id.endian == vm::Endian::kBig ? static_cast<uint16_t>(elf[18] << 8 | elf[19])
                                             : static_cast<uint16_t>(elf[19] << 8 | elf[18]);
  return true;
}

void Run(const RunOptions& o) {
  nlohmann::json j;
  auto fault = [&](const std::string& isa, const std::string& reason) {
    if (o.json) {
      j["isa"] = isa;
      j["error"] = reason;
      std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      SetExitCode(kVmFault);
    } else {
      Fail(reason, kVmFault);
    }
  };
  Bytes elf, input;
  if (!ReadFile(o.program, elf)) return fault(o.isa, "cannot read program '" + o.program + "'");
  if (!o.input.empty() && !ReadFile(o.input, input)) {
    return fault(o.isa, "cannot read input '" + o.input + "'");
  }
  std::string isa_name = o.isa;
  if (isa_name == "auto") {
    vm::ElfIdent id;
    if (!Ident(elf, id)) return fault(o.isa, "bad ELF: not an ELF file or truncated header");
    isa_name.clear();
    for (const auto& p : AllPlugins().List()) {
      if (p.kind != plugins::Kind::kIsa) continue;
      auto isa = AllPlugins().CreateIsa(p.name);
      if (isa.ok() && (*isa)->Recognizes(id)) {
        isa_name = p.name;
        break;
      }
    }
    if (isa_name.empty()) {
      return fault(o.isa,
                   absl::StrFormat("no ISA plugin recognizes this ELF (machine %d, class %d)",
                                   id.machine, id.elf_class));
    }
  }
  auto isa = CreateIsa(isa_name);
  if (!isa.ok()) return fault(isa_name, std::string(isa.status().message()));
  vm::ExecutorOptions opts;
  opts.input = std::move(input);
  opts.segment_cycles = o.segment_size;
  opts.strict_syscalls = o.strict;
  auto ex = (*isa)->Load(elf, opts);
  if (!ex.ok()) return fault(isa_name, std::string(ex.status().message()));
  uint64_t segments = 1;
  vm::RunResult r;
  r.cycles = 0;
  for (;;) {
    uint64_t left = o.max_cycles - std::min(o.max_cycles, r.cycles);
    r = (*ex)->Run(left);
    if (r.reason == vm::StopReason::kSegmentBoundary) {
      ++segments;
      continue;
    }
    break;
  }
  const auto& out = (*ex)->Output();
  std::string stdout_s(out.stdout_bytes.begin(), out.stdout_bytes.end());
  std::string stderr_s(out.stderr_bytes.begin(), out.stderr_bytes.end());
  std::string error;
  if (r.reason == vm::StopReason::kFault) {
    error = absl::StrFormat("%s at pc 0x%08x", r.fault, r.pc);
  } else if (r.reason == vm::StopReason::kCycleLimit) {
    error = absl::StrFormat("cycle limit of %d cycles reached at pc 0x%08x", o.max_cycles, r.pc);
  }
  if (o.json) {
    j["isa"] = isa_name;
    j["exit_code"] = r.exit_code;
    j["cycles"] = r.cycles;
    j["segments"] = segments;
    j["public_output_hex"] = Hex(out.journal);
    j["stdout"] = stdout_s;
    j["stderr"] = stderr_s;
    j["state_hash"] = Hex((*ex)->StateHash());
    if (!error.empty()) j["error"] = error;
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    SetExitCode(error.empty() ? r.exit_code : kVmFault);
    return;
  }
  std::fwrite(stdout_s.data(), 1, stdout_s.size(), stdout);
  std::fflush(stdout);
  std::fwrite(stderr_s.data(), 1, stderr_s.size(), stderr);
  if (!error.empty()) {
    Fail(error, kVmFault);
    return;
  }
  SetExitCode(r.exit_code);
}

}  // namespace

void RegisterRunCommand(CLI::App& app) {
  auto* o = new RunOptions();
  auto* cmd = app.add_subcommand("run", "Run a guest program (ELF) on a zkVM ISA");
  cmd->add_option("program", o->program, "Guest ELF")->required();
  cmd->add_option("--isa", o->isa, "ISA plugin (auto: chosen from the ELF header)")
      ->capture_default_str();
  cmd->add_option("--input", o->input, "File whose bytes are the guest's private input (fd 0)");
  cmd->add_option("--max-cycles", o->max_cycles, "Cycle budget")->capture_default_str();
  cmd->add_option("--segment-size", o->segment_size, "Cycles per segment (0: one segment)")
      ->capture_default_str();
  cmd->add_flag("--strict", o->strict, "An unknown syscall is a fault instead of ENOSYS");
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { Run(*o); });
}

}  // namespace entangle::cli
