// Writes ZIP archives in memory for tests (xlsx, docx and zip attachments): deflated entries,
// UTF-8 names unless asked for raw bytes (as Chinese Windows archivers store GBK names).
// zlib only: libzip stays with the extractors that read archives.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/compress.h"

namespace govaudit::testing {

class ZipWriter {
 public:
  ZipWriter& Add(const std::string& name, const std::string& data, bool raw_name = false) {
    entries_.push_back({name, data, raw_name});
    return *this;
  }

  std::string Build() const {
    std::string out, central;
    for (const Entry& e : entries_) {
      const uint32_t crc = crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size()));
      const std::string packed = Deflate(e.data);
      const uint16_t flags = e.raw_name ? 0 : 0x0800;  // bit 11: the name is UTF-8
      const uint32_t offset = static_cast<uint32_t>(out.size());
      Put32(&out, 0x04034b50);
      Put16(&out, 20), Put16(&out, flags), Put16(&out, 8), Put16(&out, 0), Put16(&out, 0x21);
      Put32(&out, crc), Put32(&out, static_cast<uint32_t>(packed.size())), Put32(&out, static_cast<uint32_t>(e.data.size()));
      Put16(&out, static_cast<uint16_t>(e.name.size())), Put16(&out, 0);
      out += e.name + packed;
      Put32(&central, 0x02014b50);
      Put16(&central, 20), Put16(&central, 20), Put16(&central, flags), Put16(&central, 8), Put16(&central, 0);
      Put16(&central, 0x21), Put32(&central, crc), Put32(&central, static_cast<uint32_t>(packed.size()));
      Put32(&central, static_cast<uint32_t>(e.data.size())), Put16(&central, static_cast<uint16_t>(e.name.size()));
      Put16(&central, 0), Put16(&central, 0), Put16(&central, 0), Put16(&central, 0), Put32(&central, 0);
      Put32(&central, offset);
      central += e.name;
    }
    const uint32_t central_offset = static_cast<uint32_t>(out.size());
    out += central;
    Put32(&out, 0x06054b50);
    Put16(&out, 0), Put16(&out, 0), Put16(&out, static_cast<uint16_t>(entries_.size()));
    Put16(&out, static_cast<uint16_t>(entries_.size())), Put32(&out, static_cast<uint32_t>(central.size()));
    Put32(&out, central_offset), Put16(&out, 0);
    return out;
  }

 private:
  struct Entry {
    std::string name;
    std::string data;
    bool raw_name;
  };

  static void Put16(std::string* out, uint16_t v) {
    out->push_back(static_cast<char>(v & 0xFF));
    out->push_back(static_cast<char>(v >> 8));
  }
  static void Put32(std::string* out, uint32_t v) {
    Put16(out, static_cast<uint16_t>(v & 0xFFFF));
    Put16(out, static_cast<uint16_t>(v >> 16));
  }
  // Raw deflate (no zlib header), as ZIP method 8 stores it.
  static std::string Deflate(const std::string& data) { return Compress({data}, -15); }

  std::vector<Entry> entries_;
};

}  // namespace govaudit::testing
