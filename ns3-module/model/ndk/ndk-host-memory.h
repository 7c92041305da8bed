/*
 * The simulated host memory behind one NDK adapter.
 */

#ifndef NDK_HOST_MEMORY_H
#define NDK_HOST_MEMORY_H

#include "ns3/object.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup ndk
 * \brief A host's memory as the NIC sees it: a flat 64-bit address space where a virtual
 * address is also the host address (the simulated MDLs are identity mapped).
 *
 * Contents are tracked only where asked: everywhere (attribute TrackContents, for tests that
 * prove where a Write landed) or in ranges a workload marks with Track() (e.g. the small
 * control-message buffers that carry tokens). Reads of untracked memory return zeros and writes
 * to it are dropped, so bulk data costs nothing. Allocate() hands out page-aligned buffers.
 */
class NdkHostMemory : public Object
{
  public:
    static TypeId GetTypeId();
    NdkHostMemory();
    ~NdkHostMemory() override;

    /** Reserve \p length bytes aligned to \p align (a power of two); returns the address. */
    uint64_t Allocate(uint64_t length, uint64_t align = 4096);

    /** Track the contents of [address, address + length) from now on. */
    void Track(uint64_t address, uint64_t length);
    /** \return true if any byte of any range is tracked (fast path check). */
    bool HasTrackedContents() const
    {
        return m_trackAll || !m_tracked.empty();
    }

    /** Write bytes (dropped where untracked). */
    void Write(uint64_t address, const uint8_t* data, uint64_t length);
    /** Read bytes (zeros where untracked). */
    void Read(uint64_t address, uint8_t* out, uint64_t length) const;
    /** Fill [address, address + length) with \p value (tracked parts only). */
    void Fill(uint64_t address, uint8_t value, uint64_t length);
    /** \return a 64-bit FNV-1a digest of the range contents (tests compare snapshots). */
    uint64_t Digest(uint64_t address, uint64_t length) const;

  private:
    using Page = std::array<uint8_t, 4096>;
    void WriteTracked(uint64_t address, const uint8_t* data, uint64_t length);
    Page* GetPage(uint64_t pageNumber, bool create);
    const Page* FindPage(uint64_t pageNumber) const;

    bool m_trackAll;
    uint64_t m_nextAddress;
    std::map<uint64_t, uint64_t> m_tracked; //!< start -> end of tracked ranges
    std::unordered_map<uint64_t, std::unique_ptr<Page>> m_pages;
};

} // namespace ns3

#endif
