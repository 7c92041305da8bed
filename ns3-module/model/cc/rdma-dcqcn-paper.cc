#include "rdma-dcqcn-paper.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(RdmaDcqcnPaper);

RdmaDcqcn::Defaults
RdmaDcqcnPaper::PaperDefaults()
{
    Defaults d;
    d.ewmaGain = 1.0 / 256;
    d.initialAlpha = 1.0;
    d.alphaResumeInterval = MicroSeconds(55);
    d.rateDecreaseInterval = Time(0);
    d.rateIncreaseTimer = MicroSeconds(55);
    d.byteCounter = 10000000;
    d.fastRecoveryTimes = 5;
    d.rateAi = DataRate("40Mb/s");
    d.rateHai = DataRate("400Mb/s");
    d.minRate = DataRate("100Mb/s");
    d.clampTargetRate = true;
    d.alphaUpdate = ALPHA_ON_CNP;
    d.increaseRule = INCREASE_PAPER;
    return d;
}

TypeId
RdmaDcqcnPaper::GetTypeId()
{
    static TypeId tid = AddDcqcnAttributes(TypeId("ns3::RdmaDcqcnPaper")
                                               .SetParent<RdmaCongestionOps>()
                                               .SetGroupName("Ndksim")
                                               .AddConstructor<RdmaDcqcnPaper>(),
                                           PaperDefaults());
    return tid;
}

RdmaDcqcnPaper::RdmaDcqcnPaper() = default;

RdmaDcqcnPaper::RdmaDcqcnPaper(const RdmaDcqcnPaper& other) = default;

std::string
RdmaDcqcnPaper::GetName() const
{
    return "RdmaDcqcnPaper";
}

Ptr<RdmaCongestionOps>
RdmaDcqcnPaper::Fork()
{
    return CopyObject<RdmaDcqcnPaper>(this);
}

} // namespace ns3
