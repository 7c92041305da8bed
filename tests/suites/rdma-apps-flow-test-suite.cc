/*
 * rdma-apps-flows: the HPCC CDF and flow-file readers, the flow generator's offered load and
 * FCT records, destination patterns, and the exact replay of a flow file.
 */

#include "suites/rdma-apps-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/rdma-flow-file.h"
#include "ns3/rdma-flow-generator.h"
#include "ns3/rdma-flow-size-cdf.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace ns3;
using namespace ns3::rdmaappstest;

namespace
{

const std::string kHpcc = std::string(NDKSIM_SHARED_DIR) + "/data/hpcc/";

/** \return the message of the exception \p f throws ("" if none). */
template <typename F>
std::string
ErrorOf(F f)
{
    try
    {
        f();
    }
    catch (const std::runtime_error& e)
    {
        return e.what();
    }
    return "";
}

class CdfReaderTestCase : public TestCase
{
  public:
    CdfReaderTestCase()
        : TestCase("HPCC flow-size CDF reader")
    {
    }

  private:
    void DoRun() override
    {
        for (const char* f : {"WebSearch_distribution.txt",
                              "FbHdp_distribution.txt",
                              "AliStorage2019.txt",
                              "GoogleRPC2008.txt"})
        {
            RdmaFlowSizeCdf cdf = RdmaFlowSizeCdf::Load(kHpcc + f);
            NS_TEST_EXPECT_MSG_GT(cdf.Mean(), 1.0, f);
            NS_TEST_EXPECT_MSG_EQ(cdf.Sample(1.0),
                                  static_cast<uint64_t>(cdf.GetPoints().back().first),
                                  f);
        }
        // WebSearch: 0..10000 bytes holds 15 %; the interpolated mean is sum(dp x midpoint).
        RdmaFlowSizeCdf ws = RdmaFlowSizeCdf::Load(kHpcc + "WebSearch_distribution.txt");
        NS_TEST_EXPECT_MSG_EQ(ws.Sample(0.075), 5000, "interpolated inside the first segment");
        NS_TEST_EXPECT_MSG_EQ_TOL(ws.Mean(), 1711250.0, 1.0, "WebSearch mean");

        std::istringstream bad1("0 0\n100 50\n50 100\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowSizeCdf::Parse(bad1, "x.txt"); }),
                              "x.txt:3: size_bytes: smaller than on the previous line",
                              "decreasing size");
        std::istringstream bad2("0 0\n\n100 abc\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowSizeCdf::Parse(bad2, "y.txt"); }),
                              "y.txt:3: cumulative_percent: 'abc' is not a number",
                              "not a number");
        std::istringstream bad3("0 0\n100 90\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowSizeCdf::Parse(bad3, "z.txt"); }),
                              "z.txt:2: cumulative_percent: the last point must be 100",
                              "last point");
        NS_TEST_EXPECT_MSG_NE(ErrorOf([] { RdmaFlowSizeCdf::Load("/nonexistent/cdf.txt"); }),
                              "",
                              "missing file");
    }
};

class FlowFileReaderTestCase : public TestCase
{
  public:
    FlowFileReaderTestCase()
        : TestCase("HPCC flow file reader")
    {
    }

  private:
    void DoRun() override
    {
        auto flows = RdmaFlowFile::Load(kHpcc + "flow_ws30_1ms.txt");
        NS_TEST_ASSERT_MSG_EQ(flows.size(), 399, "flow count");
        if (flows.size() != 399)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(flows[0].src, 13, "src");
        NS_TEST_EXPECT_MSG_EQ(flows[0].dst, 10, "dst");
        NS_TEST_EXPECT_MSG_EQ(flows[0].priority, 3, "pg");
        NS_TEST_EXPECT_MSG_EQ(flows[0].dport, 100, "dport");
        NS_TEST_EXPECT_MSG_EQ(flows[0].size, 2247900, "size");
        NS_TEST_EXPECT_MSG_EQ(flows[0].startPs, 2000000962000LL, "start in ps");
        std::istringstream bad1("2\n0 1 3 100 1000 0.1\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowFile::Parse(bad1, "f.txt"); }),
                              "f.txt:2: flow count: line 1 says 2 but 1 flows follow",
                              "count mismatch");
        std::istringstream bad2("1\n0 1 3 100 -5 0.1\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowFile::Parse(bad2, "g.txt"); }),
                              "g.txt:2: size: '-5' is not an integer in [0, 18446744073709551615]",
                              "negative size");
        std::istringstream bad3("1\n0 1 3 100 5\n");
        NS_TEST_EXPECT_MSG_EQ(ErrorOf([&] { RdmaFlowFile::Parse(bad3, "h.txt"); }),
                              "h.txt:2: start_time: missing",
                              "missing field");
    }
};

/** Generators on every host of a 4-host fabric. */
struct FlowRun
{
    explicit FlowRun(uint32_t n)
        : fabric(n, false)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            Ptr<RdmaFlowGenerator> g = CreateObject<RdmaFlowGenerator>();
            fabric.HostNode(i)->AddApplication(g);
            g->AssignStreams(10 * i + 1000);
            g->TraceConnectWithoutContext(
                "FlowCompleted",
                Callback<void, const RdmaFlowRecord&>(
                    [this](const RdmaFlowRecord& r) { flows.push_back(r); }));
            gens.push_back(g);
        }
    }

    AppFabric fabric;
    std::vector<Ptr<RdmaFlowGenerator>> gens;
    std::vector<RdmaFlowRecord> flows;
};

class FlowLoadTestCase : public TestCase
{
  public:
    FlowLoadTestCase()
        : TestCase("Poisson flows hit the target load and record FCTs")
    {
    }

  private:
    void DoRun() override
    {
        const std::string cdf = CreateTempDirFilename("small-flows.txt");
        {
            std::ofstream out(cdf);
            out << "1000 0\n4000 30\n16000 80\n64000 100\n";
        }
        const double load = 0.4;
        const Time stop = MilliSeconds(2);
        FlowRun run(4);
        for (auto& g : run.gens)
        {
            g->SetAttribute("CdfFile", StringValue(cdf));
            g->SetAttribute("Load", DoubleValue(load));
            g->SetAttribute("ConnectUpfront", BooleanValue(true));
            g->SetStopTime(stop);
        }
        Simulator::Stop(MilliSeconds(4));
        Simulator::Run();

        uint64_t started = 0;
        uint64_t completed = 0;
        for (auto& g : run.gens)
        {
            started += g->GetFlowsStarted();
            completed += g->GetFlowsCompleted();
        }
        NS_TEST_EXPECT_MSG_GT(started, 1000, "enough flows for a load estimate");
        NS_TEST_EXPECT_MSG_EQ(completed, started, "every flow finished");
        // Offered load over [0.2 ms, 2 ms): bytes of the flows that arrived in it.
        const int64_t from = MicroSeconds(200).GetPicoSeconds();
        const int64_t to = stop.GetPicoSeconds();
        double bytes = 0;
        for (const RdmaFlowRecord& f : run.flows)
        {
            NS_TEST_EXPECT_MSG_GT(f.finishPs, f.startPs, "FCT recorded");
            NS_TEST_EXPECT_MSG_EQ(f.status, NdkStatus::SUCCESS, "flow status");
            NS_TEST_EXPECT_MSG_NE(f.src, f.dst, "never to itself");
            if (f.startPs >= from && f.startPs < to)
            {
                bytes += f.size;
            }
        }
        const double offered = bytes * 8 / (4 * 100e9 * (to - from) * 1e-12);
        std::cout << "flows " << completed << " offered load " << offered << " (target " << load
                  << ")" << std::endl;
        NS_TEST_EXPECT_MSG_EQ_TOL(offered, load, 0.1 * load, "offered load within 10 %");
    }
};

class FlowPatternTestCase : public TestCase
{
  public:
    FlowPatternTestCase(RdmaFlowGenerator::Pattern pattern, const char* name)
        : TestCase(std::string("destination pattern ") + name),
          m_pattern(pattern)
    {
    }

  private:
    void DoRun() override
    {
        FlowRun run(4);
        for (auto& g : run.gens)
        {
            g->SetAttribute("Pattern", EnumValue(m_pattern));
            g->SetAttribute("PermutationShift", UintegerValue(3));
            g->SetAttribute("IncastTarget", UintegerValue(2));
            g->SetAttribute("FlowSize", StringValue("ns3::ConstantRandomVariable[Constant=3000]"));
            g->SetAttribute("Load", DoubleValue(0.2));
            g->SetAttribute("MaxFlows", UintegerValue(20));
        }
        Simulator::Stop(MilliSeconds(1));
        Simulator::Run();
        const uint32_t expected = m_pattern == RdmaFlowGenerator::INCAST ? 60 : 80;
        NS_TEST_EXPECT_MSG_EQ(run.flows.size(), expected, "all flows finished");
        for (const RdmaFlowRecord& f : run.flows)
        {
            // Node ids equal host indices here (hosts were created first... after the switch).
            const uint32_t src = f.src - run.fabric.HostNode(0)->GetId();
            const uint32_t dst = f.dst - run.fabric.HostNode(0)->GetId();
            const uint32_t want = m_pattern == RdmaFlowGenerator::INCAST ? 2 : (src + 3) % 4;
            NS_TEST_EXPECT_MSG_EQ(dst, want, "destination of the pattern");
            NS_TEST_EXPECT_MSG_EQ(f.size, 3000, "size");
        }
    }

    RdmaFlowGenerator::Pattern m_pattern;
};

class FlowReplayTestCase : public TestCase
{
  public:
    FlowReplayTestCase()
        : TestCase("HPCC flow file replay starts the flows at their times")
    {
    }

  private:
    void DoRun() override
    {
        const std::string file = CreateTempDirFilename("flows.txt");
        {
            std::ofstream out(file);
            out << "5\n"
                << "0 1 3 100 10000 2.000010\n"
                << "1 2 3 100 2000000 2.000012500\n"
                << "3 0 3 100 1 2.000020\n"
                << "2 3 3 100 65536 2.000020\n"
                << "0 3 3 100 1500 2.000100001\n";
        }
        FlowRun run(4);
        for (auto& g : run.gens)
        {
            g->SetAttribute("FlowFile", StringValue(file));
            g->SetAttribute("FlowFileTimeOffset", TimeValue(Seconds(2)));
        }
        Simulator::Stop(MilliSeconds(2));
        Simulator::Run();

        const int64_t starts[] = {10000000, 12500000, 20000000, 20000000, 100001000};
        const uint32_t src[] = {0, 1, 3, 2, 0};
        const uint32_t dst[] = {1, 2, 0, 3, 3};
        const uint64_t size[] = {10000, 2000000, 1, 65536, 1500};
        NS_TEST_ASSERT_MSG_EQ(run.flows.size(), 5, "five flows");
        if (run.flows.size() != 5)
        {
            return;
        }
        const uint32_t base = run.fabric.HostNode(0)->GetId();
        for (uint32_t i = 0; i < 5; ++i)
        {
            bool found = false;
            for (const RdmaFlowRecord& f : run.flows)
            {
                if (f.startPs == starts[i] && f.src - base == src[i] && f.dst - base == dst[i] &&
                    f.size == size[i])
                {
                    found = true;
                    NS_TEST_EXPECT_MSG_GT(f.finishPs, f.startPs, "finished");
                }
            }
            NS_TEST_EXPECT_MSG_EQ(found, true, "flow " << i << " replayed at its time");
        }
    }
};

/**
 * A replayed flow file whose run is stopped (Simulator::Stop) while two long flows still run and
 * before the last flow arrives: ReportUnfinished reports exactly the two open flows (finish -1,
 * PENDING), once, and every RDMA Write in flight (completion -1, PENDING), once: exactly the
 * posts the NDK layer has not completed. The run then goes on: the open flows finish and the
 * reported Writes complete without a second record, the late flow is reported when it finishes.
 */
class FlowUnfinishedTestCase : public AppsTestCase
{
  public:
    FlowUnfinishedTestCase()
        : AppsTestCase("flows and writes still running when the run stops are reported at the end")
    {
    }

  private:
    void DoRun() override
    {
        const std::string file = CreateTempDirFilename("unfinished-flows.txt");
        {
            std::ofstream out(file);
            out << "5\n"
                << "0 1 3 100 10000 2.000010\n"      // finishes
                << "1 2 3 100 4000000 2.000012500\n" // 320 us at 100 Gb/s: still running
                << "2 3 3 100 65536 2.000020\n"      // finishes
                << "3 0 3 100 2000000 2.000200\n"    // still running
                << "0 3 3 100 1500 2.000300\n";      // arrives after the end of the run
        }
        FlowRun run(4);
        for (auto& g : run.gens)
        {
            g->SetAttribute("FlowFile", StringValue(file));
            g->SetAttribute("FlowFileTimeOffset", TimeValue(Seconds(2)));
        }
        std::vector<RdmaTokenRecord> tokens;
        for (auto& g : run.gens)
        {
            g->TraceConnectWithoutContext(
                "TokenRetired",
                Callback<void, const RdmaTokenRecord&>(
                    [&tokens](const RdmaTokenRecord& r) { tokens.push_back(r); }));
        }
        Records ops[4];
        for (uint32_t i = 0; i < 4; ++i)
        {
            ops[i].Watch(run.gens[i]);
        }
        Simulator::Stop(MicroSeconds(250));
        Simulator::Run();
        const uint32_t base = run.fabric.HostNode(0)->GetId();
        NS_TEST_ASSERT_MSG_EQ(run.flows.size(), 2, "two flows finished during the run");
        NS_TEST_EXPECT_MSG_EQ(tokens.size(), 0, "the sink tokens live on during the run");
        size_t opsBefore[4];
        for (uint32_t i = 0; i < 4; ++i)
        {
            opsBefore[i] = ops[i].ops.size();
            run.gens[i]->ReportUnfinished();
        }
        // Writes in flight: on the QPs of the two open flows (hosts 1 and 3), at most QueueDepth.
        uint64_t pendingWrites[4];
        for (uint32_t i = 0; i < 4; ++i)
        {
            const std::string who = "generator " + std::to_string(i);
            pendingWrites[i] = CheckOpsAtEnd(ops[i],
                                             run.fabric.hosts[i].adapter,
                                             run.fabric.HostNode(i)->GetId(),
                                             opsBefore[i],
                                             who);
            for (size_t j = opsBefore[i]; j < ops[i].ops.size(); ++j)
            {
                const RdmaOpRecord& r = ops[i].ops[j];
                NS_TEST_EXPECT_MSG_EQ(r.type, NdkOperationType::Write, who << ": a Write");
                NS_TEST_EXPECT_MSG_EQ((r.bytes > 0 && r.bytes <= (1 << 20)), true, who << ": size");
            }
            NS_TEST_EXPECT_MSG_LT_OR_EQ(pendingWrites[i], 64, who << ": at most QueueDepth");
            std::cout << GetName() << ": " << who << " writes in flight at the end "
                      << pendingWrites[i] << std::endl;
        }
        NS_TEST_EXPECT_MSG_GT(pendingWrites[1], 0, "host 1's flow has Writes in flight");
        NS_TEST_EXPECT_MSG_GT(pendingWrites[3], 0, "host 3's flow has Writes in flight");
        NS_TEST_EXPECT_MSG_EQ(pendingWrites[0] + pendingWrites[2], 0, "hosts 0 and 2 are idle");
        NS_TEST_ASSERT_MSG_EQ(run.flows.size(), 4, "two flows reported unfinished");
        if (run.flows.size() != 4)
        {
            return;
        }
        uint64_t started = 0;
        uint64_t completed = 0;
        uint64_t unfinished = 0;
        for (auto& g : run.gens)
        {
            NS_TEST_EXPECT_MSG_EQ(g->GetFlowsCompleted() + g->GetFlowsUnfinished(),
                                  g->GetFlowsStarted(),
                                  "completed + unfinished = started");
            started += g->GetFlowsStarted();
            completed += g->GetFlowsCompleted();
            unfinished += g->GetFlowsUnfinished();
        }
        NS_TEST_EXPECT_MSG_EQ(started, 4, "four flows started");
        NS_TEST_EXPECT_MSG_EQ(completed, 2, "two completed");
        NS_TEST_EXPECT_MSG_EQ(unfinished, 2, "two unfinished");
        for (uint32_t i = 0; i < 2; ++i)
        {
            const RdmaFlowRecord& f = run.flows[i];
            NS_TEST_EXPECT_MSG_GT(f.finishPs, f.startPs, "finished");
            NS_TEST_EXPECT_MSG_EQ(f.status, NdkStatus::SUCCESS, "finished status");
        }
        // Reported in host order: host 1's flow, then host 3's.
        const RdmaFlowRecord& a = run.flows[2];
        const RdmaFlowRecord& b = run.flows[3];
        NS_TEST_EXPECT_MSG_EQ(a.src - base, 1, "src");
        NS_TEST_EXPECT_MSG_EQ(a.dst - base, 2, "dst");
        NS_TEST_EXPECT_MSG_EQ(a.size, 4000000, "size");
        NS_TEST_EXPECT_MSG_EQ(a.startPs, 12500000, "start");
        NS_TEST_EXPECT_MSG_EQ(b.src - base, 3, "src");
        NS_TEST_EXPECT_MSG_EQ(b.dst - base, 0, "dst");
        NS_TEST_EXPECT_MSG_EQ(b.size, 2000000, "size");
        NS_TEST_EXPECT_MSG_EQ(b.startPs, 200000000, "start");
        for (const RdmaFlowRecord* f : {&a, &b})
        {
            NS_TEST_EXPECT_MSG_EQ(f->finishPs, RDMA_APP_NEVER, "no finish time");
            NS_TEST_EXPECT_MSG_EQ(f->status, NdkStatus::PENDING, "unfinished when the run ended");
        }
        for (uint32_t i = 0; i < 4; ++i)
        {
            opsBefore[i] = ops[i].ops.size();
            run.gens[i]->ReportUnfinished();
            NS_TEST_EXPECT_MSG_EQ(ops[i].ops.size(), opsBefore[i], "a second call adds no op");
        }
        NS_TEST_EXPECT_MSG_EQ(run.flows.size(), 4, "a second call adds nothing");
        // Every generator's sink region token (remote write, given to every peer) is reported
        // once, still valid.
        NS_TEST_ASSERT_MSG_EQ(tokens.size(), 4, "one sink token per generator");
        for (uint32_t i = 0; i < tokens.size(); ++i)
        {
            const RdmaTokenRecord& t = tokens[i];
            NS_TEST_EXPECT_MSG_EQ(t.host - base, i, "sink token host");
            NS_TEST_EXPECT_MSG_EQ(t.kind, RdmaTokenKind::LongLivedMr, "sink token kind");
            NS_TEST_EXPECT_MSG_EQ(t.rights, NDK_MR_FLAG_ALLOW_REMOTE_WRITE, "sink token rights");
            NS_TEST_EXPECT_MSG_EQ(t.how, RdmaInvalidation::Never, "still valid");
            NS_TEST_EXPECT_MSG_EQ(t.invalidatedPs, RDMA_APP_NEVER, "no invalidation time");
            NS_TEST_EXPECT_MSG_GT(t.length, 0, "sink token length");
            NS_TEST_EXPECT_MSG_EQ(t.token, run.gens[i]->GetSinkToken(), "the token peers get");
        }

        // The run goes on: the open flows finish unreported, the late flow is reported.
        Simulator::Stop(MilliSeconds(2));
        Simulator::Run();
        for (uint32_t i = 0; i < 4; ++i)
        {
            opsBefore[i] = ops[i].ops.size();
            run.gens[i]->ReportUnfinished();
            // Nothing open now; the Writes reported PENDING completed without a record.
            CheckOpsAtEnd(ops[i],
                          run.fabric.hosts[i].adapter,
                          run.fabric.HostNode(i)->GetId(),
                          opsBefore[i],
                          "generator " + std::to_string(i) + ", later");
            NS_TEST_EXPECT_MSG_EQ(ops[i].CountPending(), pendingWrites[i], "PENDING once");
        }
        NS_TEST_ASSERT_MSG_EQ(run.flows.size(), 5, "only the late flow added");
        if (run.flows.size() != 5)
        {
            return;
        }
        const RdmaFlowRecord& late = run.flows[4];
        NS_TEST_EXPECT_MSG_EQ(late.src - base, 0, "late src");
        NS_TEST_EXPECT_MSG_EQ(late.dst - base, 3, "late dst");
        NS_TEST_EXPECT_MSG_EQ(late.startPs, 300000000, "late start");
        NS_TEST_EXPECT_MSG_GT(late.finishPs, late.startPs, "late finished");
        started = completed = unfinished = 0;
        for (auto& g : run.gens)
        {
            started += g->GetFlowsStarted();
            completed += g->GetFlowsCompleted();
            unfinished += g->GetFlowsUnfinished();
        }
        NS_TEST_EXPECT_MSG_EQ(started, 5, "five flows started");
        NS_TEST_EXPECT_MSG_EQ(completed, 3, "three reported completed");
        NS_TEST_EXPECT_MSG_EQ(unfinished, 2, "two reported unfinished");
        NS_TEST_EXPECT_MSG_EQ(tokens.size(), 4, "each sink token reported once");
    }
};

class RdmaAppsFlowsTestSuite : public TestSuite
{
  public:
    RdmaAppsFlowsTestSuite()
        : TestSuite("rdma-apps-flows", UNIT)
    {
        AddTestCase(new CdfReaderTestCase(), TestCase::QUICK);
        AddTestCase(new FlowFileReaderTestCase(), TestCase::QUICK);
        AddTestCase(new FlowLoadTestCase(), TestCase::QUICK);
        AddTestCase(new FlowPatternTestCase(RdmaFlowGenerator::PERMUTATION, "permutation"),
                    TestCase::QUICK);
        AddTestCase(new FlowPatternTestCase(RdmaFlowGenerator::INCAST, "incast"), TestCase::QUICK);
        AddTestCase(new FlowReplayTestCase(), TestCase::QUICK);
        AddTestCase(new FlowUnfinishedTestCase(), TestCase::QUICK);
    }
};

RdmaAppsFlowsTestSuite g_rdmaAppsFlowsTestSuite;

} // namespace
