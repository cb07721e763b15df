// RAII over libzip for one archive held in memory, reading entries within the budget.
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/c_handle.h"
#include "common/status.h"
#include "extract/internal/extract.h"

namespace govaudit::extract_internal {

// Zip archives read from memory, with RAII for every libzip handle.
using ZipArchive = CHandle<zip_t, zip_discard>;
using ZipFile = CHandle<zip_file_t, zip_fclose>;
using ZipSource = CHandle<zip_source_t, zip_source_free>;

class ZipError {
 public:
  ZipError() { zip_error_init(&error_); }
  ~ZipError() { zip_error_fini(&error_); }
  ZipError(const ZipError&) = delete;
  ZipError& operator=(const ZipError&) = delete;
  zip_error_t* get() { return &error_; }
  std::string message() { return zip_error_strerror(&error_); }

 private:
  zip_error_t error_;
};

// The archive refers to the caller's bytes: it must not outlive them.
class ZipReader {
 public:
  static StatusOr<ZipReader> Open(std::string_view body) {
    ZipError error;
    ZipSource source(zip_source_buffer_create(body.data(), body.size(), 0, error.get()));
    if (!source) return Status::Error("cannot read zip: " + error.message());
    zip_t* archive = zip_open_from_source(source.get(), ZIP_RDONLY, error.get());
    if (archive == nullptr) return Status::Error("corrupt zip: " + error.message());
    source.release();  // owned by the archive from now on
    return ZipReader(archive);
  }

  uint64_t NumEntries() const {
    const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
    return n < 0 ? 0 : static_cast<uint64_t>(n);
  }

  // The name as stored: UTF-8 when the archiver said so, often GBK from Chinese Windows tools.
  std::optional<std::string> RawName(uint64_t index) const {
    const char* name = zip_get_name(zip_.get(), index, ZIP_FL_ENC_RAW);
    if (name == nullptr) return std::nullopt;
    return std::string(name);
  }

  std::optional<uint64_t> Locate(const std::string& name) const {
    const zip_int64_t i = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return static_cast<uint64_t>(i);
  }

  // Reads a whole entry, charging its unpacked size to the shared budget.
  StatusOr<std::string> Read(uint64_t index, Limits& lim) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0) {
      return Status::Error("corrupt zip entry");
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > lim.unzip_left) {
      lim.truncated = true;
      return Status::Error("unpacked size exceeds the 50 MB cap");
    }
    ZipFile file(zip_fopen_index(zip_.get(), index, 0));
    if (!file) {
      const int code = zip_error_code_zip(zip_get_error(zip_.get()));
      if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD) {
        return Status::Error("encrypted zip entry (password protected)");
      }
      return Status::Error(std::string("cannot open zip entry: ") +
                           zip_error_strerror(zip_get_error(zip_.get())));
    }
    std::string data;
    if (st.valid & ZIP_STAT_SIZE) data.reserve(static_cast<size_t>(st.size));
    char buffer[65536];
    while (true) {
      const zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
      if (n < 0)
        return Status::Error(std::string("corrupt zip entry: ") + zip_file_strerror(file.get()));
      if (n == 0) break;
      if (static_cast<uint64_t>(n) > lim.unzip_left) {
        lim.unzip_left = 0;
        lim.truncated = true;
        return Status::Error("unpacked size exceeds the 50 MB cap");
      }
      lim.unzip_left -= static_cast<size_t>(n);
      data.append(buffer, static_cast<size_t>(n));
    }
    return data;
  }

  StatusOr<std::string> ReadByName(const std::string& name, Limits& lim) const {
    const std::optional<uint64_t> index = Locate(name);
    if (!index) return Status::Error(name + " is missing");
    return Read(*index, lim);
  }

 private:
  explicit ZipReader(zip_t* archive) : zip_(archive) {}
  ZipArchive zip_;
};

// An entry name as UTF-8 (GBK names from Chinese Windows converted).
std::string ZipNameToUtf8(const std::string& raw);

}  // namespace govaudit::extract_internal
