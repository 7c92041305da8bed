#!/usr/bin/python3
"""Independent ICRC reference values for tests/suites/roce-wire-headers-test-suite.cc.

Builds the test packets field by field with struct (not from the C++ output) and computes the
RoCEv2 ICRC with zlib.crc32 over the masked pseudo-header (RoCEv2 Annex A17.3.3; convention of
Linux rxe_icrc.c and scapy contrib/roce.py). Also checks the two published vectors:
a ConnectX-4 Lx CNP capture and scapy's UC SEND_ONLY example (scapy test/contrib/roce.uts).
Run: /usr/bin/python3 tests/data/wire/icrc-vectors.py
"""
import struct
import zlib


def icrc_ipv4(ip: bytes) -> int:
    """ICRC of an IPv4/UDP/BTH... span that excludes the ICRC itself."""
    ihl = (ip[0] & 0x0F) * 4
    m = bytearray(ip)
    m[1] = 0xFF                      # TOS
    m[8] = 0xFF                      # TTL
    m[10:12] = b"\xff\xff"           # header checksum
    m[ihl + 6:ihl + 8] = b"\xff\xff"  # UDP checksum
    m[ihl + 8 + 4] = 0xFF            # BTH byte 4 (FECN/BECN/resv6)
    return zlib.crc32(b"\xff" * 8 + bytes(m))


def icrc_ipv6(ip: bytes) -> int:
    m = bytearray(ip)
    m[0] |= 0x0F
    m[1:4] = b"\xff\xff\xff"         # traffic class + flow label
    m[7] = 0xFF                      # hop limit
    m[46:48] = b"\xff\xff"           # UDP checksum
    m[52] = 0xFF                     # BTH byte 4
    return zlib.crc32(b"\xff" * 8 + bytes(m))


def le(v: int) -> str:
    return v.to_bytes(4, "little").hex()


# 1. ConnectX-4 Lx CNP (Ethernet frame incl. ICRC 82 fd 00 2a).
cnp = bytes.fromhex(
    "e41d2dab2bc27cfe90643b32080045c2003c718c400040119161"
    "0a0011010a0012010000" "12b700280000" "8100ffff40000118" "00000000"
    + "00" * 16 + "82fd002a")
v = icrc_ipv4(cnp[14:-4])
assert le(v) == cnp[-4:].hex(), (hex(v), cnp[-4:].hex())
print("cx4 cnp      icrc=0x%08x wire=%s" % (v, le(v)))

# 2. scapy UC SEND_ONLY example: ICRC field 0x78f353f3 read big-endian from the wire.
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0x01, 64, 1144, 0x4000, 64, 17, 0xB4D5,
                 bytes([192, 168, 0, 7]), bytes([192, 168, 0, 7]))
udp = struct.pack("!HHHH", 49152, 4791, 44, 0xACA2)
bth = bytes([0x24, 0x60, 0xFF, 0xFF, 0x00]) + (211).to_bytes(3, "big") + b"\x00" \
    + (13571856).to_bytes(3, "big")
pay = b"F0\x81\x8b\xe2\x895\xd9\x0e\x9a\x95PT\x01\xbe\x88^P\x00\x00"
v = icrc_ipv4(ip + udp + bth + pay)
assert le(v) == "78f353f3"
print("scapy uc     icrc=0x%08x wire=%s" % (v, le(v)))

# 3. Our RDMA WRITE ONLY WITH IMMEDIATE, 37-byte payload (+3 pad), FECN set, ECT(0), DSCP 26.
payload = bytes((i * 7 + 3) & 0xFF for i in range(37)) + b"\x00" * 3
bth = struct.pack("!BBHI I", 0x0B, 0x80 | (3 << 4), 0xFFFF, (1 << 31) | 0x000ABC,
                  (1 << 31) | 0xFFFFFE)
reth = struct.pack("!QII", 0x00007F0012345000, 0xCAFEBABE, 37)
imm = struct.pack("!I", 0x01020304)
udp_len = 8 + len(bth) + len(reth) + len(imm) + len(payload) + 4
udp = struct.pack("!HHHH", 49153, 4791, udp_len, 0)
ip = struct.pack("!BBHHHBBH4s4s", 0x45, (26 << 2) | 2, 20 + udp_len, 0x1234, 0x4000, 64, 17,
                 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
v = icrc_ipv4(ip + udp + bth + reth + imm + payload)
print("write imm    icrc=0x%08x wire=%s udp_len=%d" % (v, le(v), udp_len))

# 4. IPv6 SEND_ONLY, 8-byte payload.
bth = struct.pack("!BBHI I", 0x04, 0x00, 0xFFFF, 0x000123, (1 << 31) | 0x000042)
payload = bytes(range(1, 9))
udp_len = 8 + 12 + 8 + 4
udp = struct.pack("!HHHH", 50000, 4791, udp_len, 0x1234)
src = bytes.fromhex("fd000000000000000000000000000001")
dst = bytes.fromhex("fd000000000000000000000000000002")
ip6 = struct.pack("!IHBB", (6 << 28) | (0x68 << 20) | 0xABCDE, udp_len, 17, 64) + src + dst
v = icrc_ipv6(ip6 + udp + bth + payload)
print("ipv6 send    icrc=0x%08x wire=%s" % (v, le(v)))
print("check crc32('123456789') = 0x%08x" % zlib.crc32(b"123456789"))
