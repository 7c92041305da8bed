/*
 * DCQCN with the parameters and rules of the SIGCOMM 2015 paper.
 */

#ifndef RDMA_DCQCN_PAPER_H
#define RDMA_DCQCN_PAPER_H

#include "rdma-dcqcn.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief RdmaDcqcn whose attribute defaults are the paper's (Zhu et al., SIGCOMM 2015).
 *
 * Same algorithm and the same attribute names as RdmaDcqcn; only the defaults differ, so a
 * scenario selects the set with the NIC's congestion-control TypeId ("ns3::RdmaDcqcn" or
 * "ns3::RdmaDcqcnPaper") and can still override any single value, and the recorded attributes
 * are the effective values. (A "ParameterSet" attribute was rejected: an attribute whose setter
 * rewrites other attributes depends on the order attributes are applied, and the recorded
 * values would not show which ones were in force.) ns-3 cannot re-default inherited
 * attributes, so this TypeId registers the shared DCQCN attribute list itself and has
 * RdmaCongestionOps as its TypeId parent; in C++ it is an RdmaDcqcn.
 *
 * Defaults (paper unless noted): g = 1/256; alpha starts at 1; K = 55 us, alpha updated on
 * each CNP (AlphaUpdate OnCnp); decrease on every CNP (RateDecreaseInterval 0; the NP's CNP
 * interval of 50 us spaces them); Rt = Rc on every CNP (ClampTargetRate true); T = 55 us;
 * B = 10 MB (10^7 bytes); F = 5; Rai = 40 Mb/s; IncreaseRule Paper. Not fixed by the paper:
 * Rhai = 400 Mb/s (10 x Rai, QCN's ratio, as in the authors' ns-3 code's 5/50 Mb/s defaults)
 * and MinRate = 100 Mb/s (that code's default).
 */
class RdmaDcqcnPaper : public RdmaDcqcn
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RdmaDcqcnPaper();
    /** \brief Copy constructor for Fork(). \param other the prototype */
    RdmaDcqcnPaper(const RdmaDcqcnPaper& other);

    std::string GetName() const override;
    Ptr<RdmaCongestionOps> Fork() override;

    /** \return the paper's defaults */
    static Defaults PaperDefaults();
};

} // namespace ns3

#endif
