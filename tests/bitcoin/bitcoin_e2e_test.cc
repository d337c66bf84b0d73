// End to end through the plugin ABI: load libentangle_bitcoin.so, start its devchain (served over
// JSON-RPC too), mine to the signer's address, build the settlement transaction, broadcast and
// confirm it, verify the header chain from genesis and the settlement's SPV inclusion as a deposit.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "chains/bitcoin/adapter.h"
#include "chains/bitcoin/headers.h"
#include "chains/bitcoin/rpc.h"
#include "common/bytes.h"
#include "plugins/loader/loader.h"

namespace entangle::bitcoin {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  close(fd);
  return port;
}

TEST(BitcoinE2E, SettleOnTheDevchainThroughThePlugin) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  ASSERT_NE(srcdir, nullptr);
  plugins::Registry reg;
  auto info = reg.LoadFile(std::string(srcdir) + "/entangle/chains/bitcoin/libentangle_bitcoin.so");
  ASSERT_TRUE(info.ok()) << info.status();
  auto adapter = reg.CreateChainAdapter("bitcoin", R"({"network": "regtest"})");
  ASSERT_TRUE(adapter.ok()) << adapter.status();
  auto& a = **adapter;

  auto key = a.KeyFromSeed(Bytes(32, 0x99));
  ASSERT_TRUE(key.ok());
  auto addr = a.Address(key->public_key);
  ASSERT_TRUE(addr.ok());
  const int port = FreePort();
  nlohmann::json endpoint = {
      {"devchain", {{"mine_address", *addr}, {"rpc", true}, {"port", port}}}};
  auto client = a.Connect(endpoint.dump());
  ASSERT_TRUE(client.ok()) << client.status();
  ASSERT_TRUE((*client)->Mine(101).ok());
  EXPECT_EQ(*(*client)->Height(), 101u);

  RpcClient rpc("http://127.0.0.1:" + std::to_string(port), "", "", "");
  auto h1 = rpc.Call("getblockhash", {1});
  ASSERT_TRUE(h1.ok()) << h1.status();
  auto b1 = rpc.Call("getblock", {*h1, 1});
  ASSERT_TRUE(b1.ok());
  const std::string coinbase = (*b1)["tx"][0].get<std::string>();

  chains::SettlementRequest req;
  req.state_root.fill(0xab);
  req.batch_number = 7;
  req.proof_system = "groth16";
  req.proof = Bytes(192, 0x01);
  req.options_json =
      nlohmann::json(
          {{"utxo", {{"txid", coinbase}, {"vout", 0}, {"amount", 5000000000LL}}}, {"fee", 5000}})
          .dump();
  auto settle = a.BuildSettlement(req, *key);
  ASSERT_TRUE(settle.ok()) << settle.status();
  auto id = (*client)->Submit(settle->raw);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, settle->id);
  EXPECT_EQ(*(*client)->Confirmations(*id), 0u);
  // Broadcasting it again is refused.
  EXPECT_FALSE((*client)->Submit(settle->raw).ok());
  ASSERT_TRUE((*client)->Mine(1).ok());
  EXPECT_EQ(*(*client)->Confirmations(*id), 1u);

  // The header chain from genesis verifies.
  std::vector<Bytes> headers;
  for (uint64_t h = 0; h <= 102; ++h) {
    auto raw = (*client)->HeaderAt(h);
    ASSERT_TRUE(raw.ok());
    headers.push_back(*raw);
  }
  auto summary = a.VerifyHeaders(headers, {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->tip_height, 102u);
  EXPECT_EQ(HashToDisplay(summary->tip_hash),
            rpc.Call("getbestblockhash", nlohmann::json::array())->get<std::string>());

  // The settlement's inclusion in block 102 verifies as a deposit carrying the commitment.
  auto b102 = rpc.Call("getblock", {HashToDisplay(summary->tip_hash), 1});
  ASSERT_TRUE(b102.ok());
  std::vector<Hash32> txids;
  uint32_t index = 0;
  for (size_t i = 0; i < (*b102)["tx"].size(); ++i) {
    std::string t = (*b102)["tx"][i].get<std::string>();
    if (t == settle->id) index = static_cast<uint32_t>(i);
    txids.push_back(*HashFromDisplay(t));
  }
  ASSERT_EQ(index, 1u);
  auto tx = ParseTx(settle->raw);
  auto proof = BuildMerkleProof(txids, index);
  auto deposit = a.VerifyDeposit(SerializeInclusionProof(*tx, *proof), headers[102]);
  ASSERT_TRUE(deposit.ok()) << deposit.status();
  EXPECT_EQ(deposit->tx_id, settle->id);
  ASSERT_EQ(deposit->memo.size(), 77u);
  EXPECT_EQ(AsString(ByteView(deposit->memo).subspan(0, 4)), "ENTG");
  EXPECT_TRUE(std::equal(req.state_root.begin(), req.state_root.end(), deposit->memo.begin() + 13));
  EXPECT_FALSE(a.VerifyDeposit(SerializeInclusionProof(*tx, *proof), headers[101]).ok());
}

}  // namespace
}  // namespace entangle::bitcoin
