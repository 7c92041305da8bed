#include "runner/demo-run.h"

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

#include <iostream>
#include <stdexcept>

using namespace ns3;

namespace ndksim::run
{

namespace
{

/** Errors of the demo itself; main() reports them and exits non-zero (the DB is discarded). */
[[noreturn]] void
Fail(const std::string& message)
{
    throw std::runtime_error(message);
}

/** Name the NDK codes the demo's rows use, so reports show names. */
void
WriteNdkNames(ndksim::results::ResultsWriter& db, const std::vector<NdkStatus>& statuses)
{
    using ndksim::results::domain::kOpType;
    const std::pair<NdkOperationType, const char*> types[] = {
        {NdkOperationType::Receive, "Receive"},
        {NdkOperationType::Send, "Send"},
        {NdkOperationType::FastRegister, "FastRegister"},
        {NdkOperationType::Bind, "Bind"},
        {NdkOperationType::Invalidate, "Invalidate"},
        {NdkOperationType::Read, "Read"},
        {NdkOperationType::Write, "Write"},
        {NdkOperationType::ReceiveAndInvalidate, "ReceiveAndInvalidate"}};
    for (const auto& [type, name] : types)
    {
        db.DefineName(kOpType, static_cast<uint32_t>(type), name);
    }
    for (NdkStatus s : statuses)
    {
        db.DefineName(ndksim::results::domain::kStatus, static_cast<uint32_t>(s), NdkStatusName(s));
    }
    // The demo sees only the requester's completion, not which responder check failed.
    db.DefineName(ndksim::results::domain::kViolationReason, 0, "unreported");
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

/** One ops row from a completion: posted at \p postPs, completed now. */
ndksim::results::OpRow
OpOf(uint32_t host, const Host& h, const NdkResultEx& r, uint64_t bytes, int64_t postPs)
{
    ndksim::results::OpRow row;
    row.host = host;
    row.qp = h.qp->GetQpNumber();
    row.type = static_cast<uint32_t>(r.type);
    row.bytes = bytes;
    row.postPs = postPs;
    row.completionPs = Simulator::Now().GetPicoSeconds();
    row.status = static_cast<uint32_t>(r.status);
    return row;
}

} // namespace

int
RunDemo(const DemoParams& p, ndksim::results::ResultsWriter* db, ndksim::results::RunEnd* end)
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
    client.connector->Connect(
        client.qp,
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
    const int64_t clientPostPs = Simulator::Now().GetPicoSeconds();
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
    const int64_t serverPostPs = Simulator::Now().GetPicoSeconds();
    NdkResultEx bind = NextCompletion(client);
    const int64_t boundPs = Simulator::Now().GetPicoSeconds();
    std::vector<ndksim::results::OpRow> ops{OpOf(0, client, bind, p.bytes, clientPostPs)};
    NdkResultEx sent = NextCompletion(client);
    ops.push_back(OpOf(0, client, sent, sizeof(request), clientPostPs));
    NdkResultEx got{};
    server.cq->GetResultsEx(&got, 1);
    ops.push_back(OpOf(1, server, got, got.bytesTransferred, serverPostPs));
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
    const int64_t writePostPs = Simulator::Now().GetPicoSeconds();
    server.qp->Write(10, &wsge, 1, seen.address, seen.token, 0);
    NdkSge done{sctrl, 8, sctrlMr->GetLocalToken()};
    server.qp->SendAndInvalidate(11, &done, 1, 0, seen.token);
    NdkResultEx write = NextCompletion(server);
    ops.push_back(OpOf(1, server, write, seen.length, writePostPs));
    NdkResultEx sai = NextCompletion(server);
    ops.push_back(OpOf(1, server, sai, 8, writePostPs));
    NdkResultEx replyDone{};
    client.cq->GetResultsEx(&replyDone, 1);
    ops.push_back(OpOf(0, client, replyDone, replyDone.bytesTransferred, clientPostPs));
    const int64_t invalidatedPs = Simulator::Now().GetPicoSeconds();
    uint8_t first = 0;
    cmem->Read(data, &first, 1);

    // A stale use of the token after the remote invalidation must be rejected.
    const int64_t stalePostPs = Simulator::Now().GetPicoSeconds();
    server.qp->Write(12, &wsge, 1, seen.address, seen.token, 0);
    NdkResultEx stale = NextCompletion(server);
    ops.push_back(OpOf(1, server, stale, seen.length, stalePostPs));

    if (db)
    {
        std::vector<NdkStatus> statuses;
        for (const auto& op : ops)
        {
            statuses.push_back(static_cast<NdkStatus>(op.status));
        }
        WriteNdkNames(*db, statuses);
        db->AddNode(0, "host", "client 10.0.0.1");
        db->AddNode(1, "host", "server 10.0.0.2");
        for (const auto& op : ops)
        {
            db->AddOp(op);
        }
        ndksim::results::TokenRow t;
        t.host = 0;
        t.token = token;
        t.kind = ndksim::results::TokenKind::MemoryWindow;
        t.createdPs = boundPs;
        t.rights = NDK_OP_FLAG_ALLOW_REMOTE_WRITE;
        t.address = data;
        t.lengthBytes = p.bytes;
        t.uses = write.status == NdkStatus::SUCCESS ? 1 : 0;
        t.invalidation = window->IsBound() ? ndksim::results::Invalidation::None
                                           : ndksim::results::Invalidation::Remote;
        t.invalidatedPs = window->IsBound() ? ndksim::results::kNull : invalidatedPs;
        db->AddToken(t);
        if (stale.status != NdkStatus::SUCCESS)
        {
            ndksim::results::ViolationRow v;
            v.timePs = Simulator::Now().GetPicoSeconds();
            v.host = 0;
            v.qp = client.qp->GetQpNumber();
            v.src = 1;
            v.type = static_cast<uint32_t>(NdkOperationType::Write);
            v.token = seen.token;
            v.address = seen.address;
            v.lengthBytes = seen.length;
            v.reason = 0;
            v.status = static_cast<uint32_t>(stale.status);
            db->AddViolation(v);
        }
    }

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
    end->simTimePs = Simulator::Now().GetPicoSeconds();
    end->events = static_cast<int64_t>(Simulator::GetEventCount());
    end->status = ok ? "ok" : "failed";
    Simulator::Destroy();
    return ok ? 0 : 1;
}

} // namespace ndksim::run
