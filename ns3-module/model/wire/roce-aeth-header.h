/*
 * ACK Extended Transport Header: IBTA Vol 1 §9.3.5 (syndrome encoding Table 42, credit count
 * encoding Table 43, RNR timer encoding Table 45). Syndrome constants as in Linux
 * drivers/infiniband/sw/rxe/rxe_hdr.h (enum aeth_syndrome).
 */

#ifndef ROCE_AETH_HEADER_H
#define ROCE_AETH_HEADER_H

#include "ns3/header.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup ndksim
 * \brief The ACK Extended Transport Header (4 bytes): ACK, RNR NAK or NAK, and the MSN.
 *
 * Present in ACKNOWLEDGE, ATOMIC_ACKNOWLEDGE and the FIRST/LAST/ONLY read responses
 * (RoceOpcodeInfo::HasAeth). Layout (IBTA Vol 1 §9.3.5, big-endian):
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |R|Typ|  Value  |            Message Sequence Number            |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 * The syndrome byte is R (reserved, 0), a 2-bit type and a 5-bit value:
 *  - type 00 ACK: value = credit count code (0x1F: no credit information / unlimited);
 *  - type 01 RNR NAK: value = RNR timer code (RnrTimerToTime);
 *  - type 11 NAK: value = NAK code (NakCode); type 10 is reserved.
 */
class RoceAethHeader : public Header
{
  public:
    static constexpr uint32_t SIZE = 4; //!< serialized bytes

    /** The 2-bit syndrome type (bits 6-5 of the syndrome). */
    enum Type : uint8_t
    {
        ACK = 0,      //!< positive acknowledgement
        RNR_NAK = 1,  //!< receiver not ready
        RESERVED = 2, //!< reserved
        NAK = 3,      //!< negative acknowledgement
    };

    /** The NAK code (syndrome value when the type is NAK). */
    enum NakCode : uint8_t
    {
        PSN_SEQUENCE_ERROR = 0,       //!< out-of-sequence request
        INVALID_REQUEST = 1,          //!< malformed or unsupported request
        REMOTE_ACCESS_ERROR = 2,      //!< R_Key, range or access-rights violation
        REMOTE_OPERATIONAL_ERROR = 3, //!< responder could not complete the operation
        INVALID_RD_REQUEST = 4,       //!< invalid RD request
    };

    static constexpr uint8_t SYNDROME_TYPE_MASK = 0xE0;               //!< R + type bits
    static constexpr uint8_t SYNDROME_VALUE_MASK = 0x1F;              //!< value bits
    static constexpr uint8_t SYNDROME_ACK = 0x00;                     //!< ACK, credit code 0
    static constexpr uint8_t SYNDROME_ACK_UNLIMITED = 0x1F;           //!< ACK, no credit info
    static constexpr uint8_t SYNDROME_RNR_NAK = 0x20;                 //!< RNR NAK, OR the timer
    static constexpr uint8_t SYNDROME_NAK = 0x60;                     //!< NAK, OR the code
    static constexpr uint8_t SYNDROME_NAK_PSN_SEQUENCE_ERROR = 0x60;  //!< NAK code 0
    static constexpr uint8_t SYNDROME_NAK_INVALID_REQUEST = 0x61;     //!< NAK code 1
    static constexpr uint8_t SYNDROME_NAK_REMOTE_ACCESS_ERROR = 0x62; //!< NAK code 2
    static constexpr uint8_t SYNDROME_NAK_REMOTE_OPERATIONAL_ERROR = 0x63; //!< NAK code 3
    static constexpr uint8_t SYNDROME_NAK_INVALID_RD_REQUEST = 0x64;       //!< NAK code 4
    static constexpr uint8_t CREDITS_UNLIMITED = 0x1F; //!< credit code: no flow-control credits

    RoceAethHeader();

    /**
     * \brief Construct with a syndrome and an MSN.
     * \param syndrome the syndrome byte
     * \param msn the message sequence number (24 bits)
     */
    RoceAethHeader(uint8_t syndrome, uint32_t msn);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /** \param creditCode credit count code \return the ACK syndrome */
    static constexpr uint8_t AckSyndrome(uint8_t creditCode = CREDITS_UNLIMITED)
    {
        return SYNDROME_ACK | (creditCode & SYNDROME_VALUE_MASK);
    }

    /** \param timer RNR timer code (0-31) \return the RNR NAK syndrome */
    static constexpr uint8_t RnrNakSyndrome(uint8_t timer)
    {
        return SYNDROME_RNR_NAK | (timer & SYNDROME_VALUE_MASK);
    }

    /** \param code NAK code \return the NAK syndrome */
    static constexpr uint8_t NakSyndrome(NakCode code)
    {
        return SYNDROME_NAK | (code & SYNDROME_VALUE_MASK);
    }

    /** \param syndrome the syndrome byte */
    void SetSyndrome(uint8_t syndrome)
    {
        m_word = (m_word & 0x00FFFFFF) | (static_cast<uint32_t>(syndrome) << 24);
    }

    /** \return the syndrome byte */
    uint8_t GetSyndrome() const
    {
        return m_word >> 24;
    }

    /** \param msn the message sequence number (24 bits; higher bits are dropped) */
    void SetMsn(uint32_t msn)
    {
        m_word = (m_word & 0xFF000000) | (msn & 0x00FFFFFF);
    }

    /** \return the message sequence number */
    uint32_t GetMsn() const
    {
        return m_word & 0x00FFFFFF;
    }

    /**
     * \brief Make this an ACK.
     * \param msn the message sequence number
     * \param creditCode the credit count code (CREDITS_UNLIMITED: none)
     */
    void SetAck(uint32_t msn, uint8_t creditCode = CREDITS_UNLIMITED)
    {
        SetSyndrome(AckSyndrome(creditCode));
        SetMsn(msn);
    }

    /**
     * \brief Make this an RNR NAK.
     * \param msn the message sequence number
     * \param timer the RNR timer code (0-31)
     */
    void SetRnrNak(uint32_t msn, uint8_t timer)
    {
        SetSyndrome(RnrNakSyndrome(timer));
        SetMsn(msn);
    }

    /**
     * \brief Make this a NAK.
     * \param msn the message sequence number
     * \param code the NAK code
     */
    void SetNak(uint32_t msn, NakCode code)
    {
        SetSyndrome(NakSyndrome(code));
        SetMsn(msn);
    }

    /** \return the syndrome type */
    Type GetType() const
    {
        return static_cast<Type>((GetSyndrome() >> 5) & 3);
    }

    /** \return true for an ACK */
    bool IsAck() const
    {
        return (GetSyndrome() & SYNDROME_TYPE_MASK) == SYNDROME_ACK;
    }

    /** \return true for an RNR NAK */
    bool IsRnrNak() const
    {
        return (GetSyndrome() & SYNDROME_TYPE_MASK) == SYNDROME_RNR_NAK;
    }

    /** \return true for a NAK */
    bool IsNak() const
    {
        return (GetSyndrome() & SYNDROME_TYPE_MASK) == SYNDROME_NAK;
    }

    /** \return the 5-bit syndrome value: credit code, RNR timer or NAK code */
    uint8_t GetValue() const
    {
        return GetSyndrome() & SYNDROME_VALUE_MASK;
    }

    /** \return the credit count code of an ACK */
    uint8_t GetCreditCount() const
    {
        return GetValue();
    }

    /** \return the RNR timer code of an RNR NAK */
    uint8_t GetRnrTimer() const
    {
        return GetValue();
    }

    /** \return the NAK code of a NAK */
    NakCode GetNakCode() const
    {
        return static_cast<NakCode>(GetValue());
    }

    /**
     * \param timer an RNR timer code (IBTA Vol 1 Table 45: 0 = 655.36 ms, 1 = 0.01 ms, ...,
     *        31 = 491.52 ms)
     * \return the minimum RNR NAK delay it encodes
     */
    static Time RnrTimerToTime(uint8_t timer);

    /**
     * \param delay a wanted minimum RNR delay
     * \return the code of the smallest encoded delay that is at least \p delay (0, i.e.
     *         655.36 ms, when \p delay exceeds 491.52 ms)
     */
    static uint8_t TimeToRnrTimer(Time delay);

    /**
     * \param creditCode a credit count code (IBTA Vol 1 Table 43: 0,1,2,3,4,6,8,12,...,32768)
     * \return the number of credits it encodes (UINT32_MAX for CREDITS_UNLIMITED)
     */
    static constexpr uint32_t CreditCodeToCredits(uint8_t creditCode)
    {
        const uint32_t c = creditCode & SYNDROME_VALUE_MASK;
        if (c == CREDITS_UNLIMITED)
        {
            return UINT32_MAX;
        }
        if (c < 2)
        {
            return c;
        }
        // Even codes are 2^(c/2), odd codes 3 * 2^((c-3)/2): 2, 3, 4, 6, 8, 12, 16, ...
        return (c % 2 == 0) ? (1U << (c / 2)) : (3U << ((c - 3) / 2));
    }

    /**
     * \param credits available receive credits
     * \return the largest credit code encoding at most \p credits (30 = 32768 at most)
     */
    static constexpr uint8_t CreditsToCreditCode(uint32_t credits)
    {
        uint8_t code = 0;
        while (code < 30 && CreditCodeToCredits(code + 1) <= credits)
        {
            ++code;
        }
        return code;
    }

    // Inherited from Header
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint32_t m_word; //!< syndrome (bits 31-24) and MSN (bits 23-0), as on the wire
};

} // namespace ns3

#endif /* ROCE_AETH_HEADER_H */
