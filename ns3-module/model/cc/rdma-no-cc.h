/*
 * The null congestion-control policy: every QP sends at line rate.
 */

#ifndef RDMA_NO_CC_H
#define RDMA_NO_CC_H

#include "rdma-congestion-ops.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief No congestion control: the rate stays at line rate whatever happens (CNPs, losses).
 *
 * The baseline for PFC-only fabrics and for tests of the NIC mechanism.
 */
class RdmaNoCc : public RdmaCongestionOps
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RdmaNoCc();
    /** \brief Copy constructor for Fork(). \param other the prototype */
    RdmaNoCc(const RdmaNoCc& other);

    std::string GetName() const override;
    Ptr<RdmaCongestionOps> Fork() override;
};

} // namespace ns3

#endif
