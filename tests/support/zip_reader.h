// Reads ZIP archives in memory for tests (the xlsx files govaudit writes): the central
// directory's entries, stored or deflated. zlib only, like zip_writer.h; no ZIP64.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <map>
#include <string>

namespace govaudit::testing {

// Entry name → content; empty when `zip` is no readable archive.
inline std::map<std::string, std::string> ReadZip(const std::string& zip) {
  auto u16 = [&](size_t at) -> uint32_t {
    return at + 2 <= zip.size() ? static_cast<uint8_t>(zip[at]) | static_cast<uint8_t>(zip[at + 1]) << 8 : 0;
  };
  auto u32 = [&](size_t at) -> uint32_t { return u16(at) | u16(at + 2) << 16; };
  std::map<std::string, std::string> out;
  size_t end = zip.size() >= 22 ? zip.size() - 22 : std::string::npos;
  while (end != std::string::npos && u32(end) != 0x06054b50) end = end == 0 ? std::string::npos : end - 1;
  if (end == std::string::npos) return out;
  const uint32_t entries = u16(end + 10);
  size_t at = u32(end + 16);
  for (uint32_t i = 0; i < entries && u32(at) == 0x02014b50; ++i) {
    const uint32_t method = u16(at + 10), packed = u32(at + 20), size = u32(at + 24);
    const uint32_t name_length = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32), offset = u32(at + 42);
    const std::string name = zip.substr(at + 46, name_length);
    at += 46 + name_length + extra + comment;
    const size_t data = offset + 30 + u16(offset + 26) + u16(offset + 28);
    if (data + packed > zip.size()) return {};
    std::string content(size, '\0');
    if (method == 0) {
      content = zip.substr(data, packed);
    } else if (method == 8) {
      z_stream z{};
      inflateInit2(&z, -15);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(content.data());
      z.avail_out = size;
      const int result = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (result != Z_STREAM_END) return {};
    } else {
      return {};
    }
    out[name] = std::move(content);
  }
  return out;
}

}  // namespace govaudit::testing
