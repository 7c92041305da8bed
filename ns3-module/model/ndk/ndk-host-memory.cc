#include "ndk-host-memory.h"

#include "ns3/boolean.h"
#include "ns3/log.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NdkHostMemory");
NS_OBJECT_ENSURE_REGISTERED(NdkHostMemory);

TypeId
NdkHostMemory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NdkHostMemory")
                            .SetParent<Object>()
                            .SetGroupName("Ndksim")
                            .AddConstructor<NdkHostMemory>()
                            .AddAttribute("TrackContents",
                                          "Keep the bytes of all memory (tests); otherwise only "
                                          "ranges marked with Track() keep their contents.",
                                          BooleanValue(false),
                                          MakeBooleanAccessor(&NdkHostMemory::m_trackAll),
                                          MakeBooleanChecker());
    return tid;
}

NdkHostMemory::NdkHostMemory()
    : m_trackAll(false),
      m_nextAddress(0x10000000ULL) // never zero: NDK forbids zero-based addresses
{
}

NdkHostMemory::~NdkHostMemory() = default;

uint64_t
NdkHostMemory::Allocate(uint64_t length, uint64_t align)
{
    uint64_t address = (m_nextAddress + align - 1) & ~(align - 1);
    // Leave a guard page so that overruns never hit the next buffer.
    m_nextAddress = address + length + 4096;
    return address;
}

void
NdkHostMemory::Track(uint64_t address, uint64_t length)
{
    if (length > 0)
    {
        m_tracked[address] = std::max(m_tracked[address], address + length);
    }
}

NdkHostMemory::Page*
NdkHostMemory::GetPage(uint64_t pageNumber, bool create)
{
    auto it = m_pages.find(pageNumber);
    if (it != m_pages.end())
    {
        return it->second.get();
    }
    if (!create)
    {
        return nullptr;
    }
    auto page = std::make_unique<Page>();
    page->fill(0);
    Page* raw = page.get();
    m_pages.emplace(pageNumber, std::move(page));
    return raw;
}

const NdkHostMemory::Page*
NdkHostMemory::FindPage(uint64_t pageNumber) const
{
    auto it = m_pages.find(pageNumber);
    return it == m_pages.end() ? nullptr : it->second.get();
}

void
NdkHostMemory::WriteTracked(uint64_t address, const uint8_t* data, uint64_t length)
{
    for (uint64_t i = 0; i < length;)
    {
        uint64_t a = address + i;
        uint64_t inPage = std::min<uint64_t>(length - i, 4096 - (a & 4095));
        std::memcpy(GetPage(a >> 12, true)->data() + (a & 4095), data + i, inPage);
        i += inPage;
    }
}

void
NdkHostMemory::Write(uint64_t address, const uint8_t* data, uint64_t length)
{
    if (m_trackAll)
    {
        WriteTracked(address, data, length);
        return;
    }
    // Only the parts of the write that overlap tracked ranges keep their bytes.
    uint64_t end = address + length;
    auto it = m_tracked.upper_bound(address);
    if (it != m_tracked.begin())
    {
        --it;
    }
    for (; it != m_tracked.end() && it->first < end; ++it)
    {
        uint64_t from = std::max(address, it->first);
        uint64_t to = std::min(end, it->second);
        if (from < to)
        {
            WriteTracked(from, data + (from - address), to - from);
        }
    }
}

void
NdkHostMemory::Read(uint64_t address, uint8_t* out, uint64_t length) const
{
    for (uint64_t i = 0; i < length;)
    {
        uint64_t a = address + i;
        uint64_t inPage = std::min<uint64_t>(length - i, 4096 - (a & 4095));
        const Page* page = FindPage(a >> 12);
        if (page)
        {
            std::memcpy(out + i, page->data() + (a & 4095), inPage);
        }
        else
        {
            std::memset(out + i, 0, inPage);
        }
        i += inPage;
    }
}

void
NdkHostMemory::Fill(uint64_t address, uint8_t value, uint64_t length)
{
    std::vector<uint8_t> bytes(std::min<uint64_t>(length, 1 << 20), value);
    for (uint64_t done = 0; done < length;)
    {
        uint64_t n = std::min<uint64_t>(bytes.size(), length - done);
        Write(address + done, bytes.data(), n);
        done += n;
    }
}

uint64_t
NdkHostMemory::Digest(uint64_t address, uint64_t length) const
{
    uint64_t hash = 1469598103934665603ULL;
    uint8_t buf[4096];
    for (uint64_t done = 0; done < length;)
    {
        uint64_t n = std::min<uint64_t>(sizeof(buf), length - done);
        Read(address + done, buf, n);
        for (uint64_t i = 0; i < n; ++i)
        {
            hash = (hash ^ buf[i]) * 1099511628211ULL;
        }
        done += n;
    }
    return hash;
}

} // namespace ns3
