// zlib compression for tests that serve or pack compressed bodies (gzip responses, sitemap
// bombs, ZIP entries).
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace govaudit::testing {

// Compresses pieces as one stream; window_bits 15+16 = gzip, 15 = zlib, -15 = raw deflate.
// `repeat` feeds the last piece that many times, so large inputs need no large buffer.
inline std::string Compress(const std::vector<std::string>& pieces, int window_bits = 15 + 16, int repeat = 1) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out;
  std::vector<unsigned char> buffer(1 << 16);
  auto feed = [&](const std::string& data, int flush) {
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    do {
      zs.next_out = buffer.data();
      zs.avail_out = static_cast<uInt>(buffer.size());
      deflate(&zs, flush);
      out.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - zs.avail_out);
    } while (zs.avail_out == 0);
  };
  for (size_t i = 0; i + 1 < pieces.size(); ++i) feed(pieces[i], Z_NO_FLUSH);
  for (int i = 0; i < repeat; ++i) feed(pieces.back(), Z_NO_FLUSH);
  feed("", Z_FINISH);
  deflateEnd(&zs);
  return out;
}

}  // namespace govaudit::testing
