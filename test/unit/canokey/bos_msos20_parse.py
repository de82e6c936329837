#!/usr/bin/env python3
"""An independent reader of a BOS descriptor and a Microsoft OS 2.0 descriptor set (issue 18 §3 test).

Written apart from the TypeScript that builds them, from the specifications' tables only:
- USB 3.2 §9.6.2 (BOS: bLength 5, type 0x0F, wTotalLength, bNumDeviceCaps) and §9.6.2.4 (platform capability:
  bLength, 0x10, 0x05, reserved, 16-byte PlatformCapabilityUUID, capability data);
- WebUSB §4.3.1 (bcdVersion, bVendorCode, iLandingPage);
- Microsoft OS 2.0 Descriptors Specification Table 4 (dwWindowsVersion, wMSOSDescriptorSetTotalLength,
  bMS_VendorCode, bAltEnumCode) and Tables 10-14 (set header, configuration subset, function subset,
  compatible ID, registry property).
Reads two hex strings from argv, prints JSON. Any inconsistency (a length that does not add up) raises.
"""
import json
import struct
import sys
import uuid


def parse_bos(data):
    length, dtype, total, count = struct.unpack_from("<BBHB", data, 0)
    assert length == 5 and dtype == 0x0F and total == len(data), "BOS header"
    caps, off = [], length
    for _ in range(count):
        blen, btype, cap_type = struct.unpack_from("<BBB", data, off)
        assert btype == 0x10, "device capability"
        body = data[off:off + blen]
        cap = {"capabilityType": cap_type}
        if cap_type == 0x05:
            cap["uuid"] = str(uuid.UUID(bytes_le=bytes(body[4:20]))).upper()
            payload = body[20:]
            if cap["uuid"] == "3408B638-09A9-47A0-8BFD-A0768815B665":
                version, vendor, landing = struct.unpack_from("<HBB", payload, 0)
                cap.update(kind="WebUSB", bcdVersion=version, bVendorCode=vendor, iLandingPage=landing)
            elif cap["uuid"] == "D8DD60DF-4589-4CC7-9CD2-659D9E648A9F":
                win, set_len, vendor, alt = struct.unpack_from("<IHBB", payload, 0)
                cap.update(kind="MS OS 2.0", dwWindowsVersion=win, setLength=set_len, bMS_VendorCode=vendor, bAltEnumCode=alt)
        caps.append(cap)
        off += blen
    assert off == total, "capabilities fill the BOS"
    return caps


def parse_features(data, off, end):
    out = []
    while off < end:
        wlen, wtype = struct.unpack_from("<HH", data, off)
        if wtype == 3:
            out.append({"compatibleId": bytes(data[off + 4:off + 12]).rstrip(b"\0").decode(), "subCompatibleId": bytes(data[off + 12:off + 20]).rstrip(b"\0").decode()})
        elif wtype == 4:
            dtype, nlen = struct.unpack_from("<HH", data, off + 4)
            name = bytes(data[off + 8:off + 8 + nlen]).decode("utf-16-le").rstrip("\0")
            (dlen,) = struct.unpack_from("<H", data, off + 8 + nlen)
            raw = bytes(data[off + 10 + nlen:off + 10 + nlen + dlen]).decode("utf-16-le")
            assert 10 + nlen + dlen == wlen, "registry property length"
            value = [s for s in raw.split("\0") if s] if dtype == 7 else raw.rstrip("\0")
            out.append({"registryProperty": name, "type": dtype, "value": value})
        else:
            out.append({"feature": wtype})
        off += wlen
    assert off == end, "features fill their subset"
    return out


def parse_msos20(data):
    hlen, htype, win, total = struct.unpack_from("<HHIH", data, 0)
    assert hlen == 10 and htype == 0 and total == len(data), "set header"
    result = {"dwWindowsVersion": win, "totalLength": total, "configurations": []}
    off = hlen
    while off < total:
        clen, ctype, cindex, _, csize = struct.unpack_from("<HHBBH", data, off)
        assert ctype == 1 and clen == 8, "configuration subset header"
        conf = {"index": cindex, "functions": []}
        cend = off + csize
        off += clen
        while off < cend:
            flen, ftype, first, _, fsize = struct.unpack_from("<HHBBH", data, off)
            assert ftype == 2 and flen == 8, "function subset header"
            conf["functions"].append({"firstInterface": first, "features": parse_features(data, off + flen, off + fsize)})
            off += fsize
        assert off == cend, "functions fill the configuration subset"
        result["configurations"].append(conf)
    return result


if __name__ == "__main__":
    bos = bytes.fromhex(sys.argv[1])
    msos = bytes.fromhex(sys.argv[2])
    print(json.dumps({"bos": parse_bos(bos), "msos20": parse_msos20(msos)}))
