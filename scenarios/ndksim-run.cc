/*
 * ndksim-run: runs a scenario and prints its summary.
 *
 * Until the full scenario runner exists, the only scenario is the built-in two-host demo
 * (scenarios/default.toml): a storage-style token flow over the ideal transport — the client
 * binds a memory window with just the rights the I/O needs, sends the token in a Send, the
 * server writes the data with RDMA Write from its privileged-token buffer, then replies with
 * Send-and-Invalidate; a stale use of the token afterwards must be rejected.
 */

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/ndk-adapter.h"
#include "ns3/ndk-connector.h"
#include "ns3/ndk-cq.h"
#include "ns3/ndk-ideal-transport.h"
#include "ns3/ndk-mr.h"
#include "ns3/ndk-mw.h"
#include "ns3/ndk-pd.h"
#include "ns3/ndk-qp.h"
#include "ns3/ndksim-defaults.h"

#include <CLI/CLI.hpp>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <toml++/toml.h>

using namespace ns3;

namespace
{

struct DemoParams
{
    uint64_t seed{1};
    uint64_t rngRun{1};
    uint64_t bytes{65536};
};

[[noreturn]] void
Fail(const std::string& message)
{
    std::cerr << "ndksim-run: error: " << message << "\n";
    std::exit(2);
}

/** Apply one key=value; \p where names its origin for errors. */
void
ApplySetting(DemoParams& p, const std::string& key, const std::string& value, const std::string& where)
{
    auto number = [&](uint64_t* out) {
        try
        {
            size_t used = 0;
            *out = std::stoull(value, &used);
            if (used != value.size())
            {
                throw std::invalid_argument(value);
            }
        }
        catch (const std::exception&)
        {
            Fail(where + ": '" + key + "' needs a non-negative integer, got '" + value + "'");
        }
    };
    if (key == "run.seed")
    {
        number(&p.seed);
    }
    else if (key == "run.rng_run")
    {
        number(&p.rngRun);
    }
    else if (key == "demo.bytes")
    {
        number(&p.bytes);
        if (p.bytes == 0 || p.bytes > (1ULL << 30))
        {
            Fail(where + ": 'demo.bytes' must be in 1..1073741824");
        }
    }
    else if (key.rfind("ns3::", 0) == 0)
    {
        if (!Config::SetDefaultFailSafe(key, StringValue(value)))
        {
            Fail(where + ": no ns-3 attribute '" + key + "' accepts '" + value + "'");
        }
    }
    else
    {
        Fail(where + ": unknown key '" + key +
             "' (known: run.seed, run.rng_run, demo.bytes, ns3::<Type>::<Attribute>)");
    }
}

void
LoadScenario(DemoParams& p, const std::string& path)
{
    if (!std::filesystem::is_regular_file(path))
    {
        Fail("scenario file '" + path + "' not found");
    }
    toml::table table;
    try
    {
        table = toml::parse_file(path);
    }
    catch (const toml::parse_error& e)
    {
        const auto& b = e.source().begin;
        Fail(path + ":" + std::to_string(b.line) + ":" + std::to_string(b.column) + ": " +
             std::string(e.description()));
    }
    for (const auto& [section, node] : table)
    {
        const toml::table* inner = node.as_table();
        std::string where = path + ":" + std::to_string(node.source().begin.line) + ":" +
                            std::to_string(node.source().begin.column);
        if (!inner)
        {
            Fail(where + ": '" + std::string(section.str()) + "' must be a [section]");
        }
        for (const auto& [key, value] : *inner)
        {
            std::string full = std::string(section.str()) + "." + std::string(key.str());
            std::string at = path + ":" + std::to_string(value.source().begin.line) + ":" +
                             std::to_string(value.source().begin.column);
            if (value.is_integer())
            {
                ApplySetting(p, full, std::to_string(value.as_integer()->get()), at);
            }
            else if (value.is_string())
            {
                ApplySetting(p, full, value.as_string()->get(), at);
            }
            else
            {
                Fail(at + ": '" + full + "' must be an integer or a string");
            }
        }
    }
}

struct Host
{
    Ptr<NdkAdapter> adapter;
    Ptr<NdkPd> pd;
    Ptr<NdkCq> cq;
    Ptr<NdkQp> qp;
    Ptr<NdkConnector> connector;
};

Host
MakeHost(Ptr<NdkIdealTransport> transport, const char* ip, int64_t stream)
{
    Host h;
    h.adapter = CreateObject<NdkAdapter>();
    h.adapter->SetAddress(Ipv4Address(ip));
    h.adapter->Open({1, 2});
    h.adapter->AssignStreams(stream);
    transport->Attach(h.adapter);
    h.adapter->CreatePd(&h.pd);
    h.adapter->CreateCq(64, NdkCqNotificationCallback(), 0, &h.cq);
    h.pd->CreateQp(h.cq, h.cq, 0, 16, 16, 4, 4, 0, &h.qp);
    return h;
}

NdkResultEx
NextCompletion(Host& h)
{
    NdkResultEx r{};
    Simulator::Run();
    if (h.cq->GetResultsEx(&r, 1) != 1)
    {
        Fail("demo: an expected completion did not arrive");
    }
    return r;
}

int
RunDemo(const DemoParams& p)
{
    RngSeedManager::SetSeed(p.seed);
    RngSeedManager::SetRun(p.rngRun);
    Ptr<NdkIdealTransport> transport = CreateObject<NdkIdealTransport>();
    Host client = MakeHost(transport, "10.0.0.1", 0);
    Host server = MakeHost(transport, "10.0.0.2", 10);

    // Connect client -> server:445.
    Ptr<NdkListener> listener;
    server.adapter->CreateListener(
        [&](NdkContext, Ptr<NdkConnector> c) {
            server.connector = c;
            c->Accept(server.qp, 4, 4, nullptr, 0, NdkDisconnectEventCallback(), 0, {});
        },
        0,
        &listener);
    listener->Listen(InetSocketAddress(Ipv4Address("10.0.0.2"), 445));
    client.adapter->CreateConnector(&client.connector);
    client.connector->Connect(client.qp,
                              InetSocketAddress(Ipv4Address("10.0.0.1"), 0),
                              InetSocketAddress(Ipv4Address("10.0.0.2"), 445),
                              4,
                              4,
                              nullptr,
                              0,
                              {[&](NdkContext, NdkStatus s) {
                                   if (s == NdkStatus::SUCCESS)
                                   {
                                       client.connector->CompleteConnect(NdkDisconnectEventCallback(), 0);
                                   }
                               },
                               0});
    Simulator::Run();

    // Client: data buffer with a window, and a small tracked buffer for control messages.
    Ptr<NdkHostMemory> cmem = client.adapter->GetHostMemory();
    Ptr<NdkHostMemory> smem = server.adapter->GetHostMemory();
    uint64_t data = cmem->Allocate(p.bytes);
    uint64_t ctrl = cmem->Allocate(64);
    cmem->Track(ctrl, 64);
    cmem->Track(data, std::min<uint64_t>(p.bytes, 4096));
    Ptr<NdkMr> dataMr;
    client.pd->CreateMr(false, &dataMr);
    dataMr->Register(data, p.bytes, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    Ptr<NdkMr> ctrlMr;
    client.pd->CreateMr(false, &ctrlMr);
    ctrlMr->Register(ctrl, 64, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    Ptr<NdkMw> window;
    client.pd->CreateMw(&window);
    client.qp->Bind(1, dataMr, window, data, p.bytes, NDK_OP_FLAG_ALLOW_REMOTE_WRITE);
    uint32_t token = window->GetRemoteToken();
    struct Request
    {
        uint64_t address;
        uint32_t token;
        uint32_t length;
    } request{data, token, static_cast<uint32_t>(p.bytes)};
    cmem->Write(ctrl, reinterpret_cast<const uint8_t*>(&request), sizeof(request));
    NdkSge reply{ctrl + 32, 32, ctrlMr->GetLocalToken()};
    client.qp->Receive(2, &reply, 1);
    NdkSge req{ctrl, sizeof(request), ctrlMr->GetLocalToken()};
    client.qp->Send(3, &req, 1, 0);

    // Server: receive buffer, and its payload through the privileged token (no registration).
    uint64_t sctrl = smem->Allocate(64);
    smem->Track(sctrl, 64);
    Ptr<NdkMr> sctrlMr;
    server.pd->CreateMr(false, &sctrlMr);
    sctrlMr->Register(sctrl, 64, NDK_MR_FLAG_ALLOW_LOCAL_WRITE);
    NdkSge rsge{sctrl, 64, sctrlMr->GetLocalToken()};
    server.qp->Receive(1, &rsge, 1);
    NdkResultEx bind = NextCompletion(client);
    NdkResultEx sent = NextCompletion(client);
    NdkResultEx got{};
    server.cq->GetResultsEx(&got, 1);
    Request seen{};
    smem->Read(sctrl, reinterpret_cast<uint8_t*>(&seen), sizeof(seen));

    uint64_t payload = smem->Allocate(p.bytes);
    smem->Track(payload, std::min<uint64_t>(p.bytes, 4096));
    smem->Fill(payload, 0xAB, std::min<uint64_t>(p.bytes, 4096));
    NdkLam lam;
    uint32_t lamSize = 0;
    server.adapter->BuildLam(payload, p.bytes, &lamSize, nullptr);
    server.adapter->BuildLam(payload, p.bytes, &lamSize, &lam);
    uint32_t privileged = 0;
    server.pd->GetPrivilegedMemoryRegionToken(&privileged);
    NdkSge wsge{lam.adapterPageArray[0] + lam.fbo, seen.length, privileged};
    server.qp->Write(10, &wsge, 1, seen.address, seen.token, 0);
    NdkSge done{sctrl, 8, sctrlMr->GetLocalToken()};
    server.qp->SendAndInvalidate(11, &done, 1, 0, seen.token);
    NdkResultEx write = NextCompletion(server);
    NdkResultEx sai = NextCompletion(server);
    NdkResultEx replyDone{};
    client.cq->GetResultsEx(&replyDone, 1);
    uint8_t first = 0;
    cmem->Read(data, &first, 1);

    // A stale use of the token after the remote invalidation must be rejected.
    server.qp->Write(12, &wsge, 1, seen.address, seen.token, 0);
    NdkResultEx stale = NextCompletion(server);

    bool ok = bind.status == NdkStatus::SUCCESS && sent.status == NdkStatus::SUCCESS &&
              got.status == NdkStatus::SUCCESS && seen.token == token &&
              write.status == NdkStatus::SUCCESS && sai.status == NdkStatus::SUCCESS &&
              replyDone.type == NdkOperationType::ReceiveAndInvalidate &&
              replyDone.typeSpecificCompletionOutput == token && !window->IsBound() &&
              first == 0xAB && stale.status == NdkStatus::ACCESS_VIOLATION;
    std::cout << "ndksim " << NdksimVersion() << " demo: two hosts, ideal transport\n"
              << "  bind window            " << NdkStatusName(bind.status) << " token 0x"
              << std::hex << token << std::dec << "\n"
              << "  send token to server   " << NdkStatusName(sent.status) << " (server got 0x"
              << std::hex << seen.token << std::dec << ")\n"
              << "  server RDMA Write      " << NdkStatusName(write.status) << " " << p.bytes
              << " bytes from its privileged-token buffer\n"
              << "  send-and-invalidate    " << NdkStatusName(sai.status)
              << ", client completion ReceiveAndInvalidate of 0x" << std::hex
              << replyDone.typeSpecificCompletionOutput << std::dec << "\n"
              << "  stale token reuse      " << NdkStatusName(stale.status) << " (expected)\n"
              << "  result: " << (ok ? "OK" : "FAILED") << "\n";
    Simulator::Destroy();
    return ok ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
    Time::SetResolution(Time::PS);
    NdksimUseDefaultScheduler();

    CLI::App app{"ndksim-run: run an ndksim scenario and print its summary"};
    std::string scenario;
    std::vector<std::string> sets;
    std::string db;
    app.add_option("scenario", scenario, "scenario file (default: scenarios/default.toml)");
    app.add_option("--set", sets, "override a setting: key=value (repeatable)");
    app.add_option("--db", db, "results database path (planned: results databases)");
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& e)
    {
        return app.exit(e);
    }

    DemoParams params;
    if (scenario.empty())
    {
        scenario = std::string(NDKSIM_SOURCE_DIR) + "/scenarios/default.toml";
    }
    LoadScenario(params, scenario);
    for (const std::string& s : sets)
    {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
        {
            Fail("--set '" + s + "': expected key=value");
        }
        ApplySetting(params, s.substr(0, eq), s.substr(eq + 1), "--set");
    }
    if (!db.empty())
    {
        std::cerr << "ndksim-run: note: --db is accepted but result databases are planned; "
                     "nothing written\n";
    }
    return RunDemo(params);
}
