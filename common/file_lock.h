// An exclusive advisory lock on a file (flock), held while the object lives: two processes
// must not audit the same site into the same database at once, or resume one run twice.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace govaudit {

class FileLock {
 public:
  // Takes the lock on `path` (created if missing) without waiting; an error names the file
  // when another process holds it.
  static StatusOr<std::unique_ptr<FileLock>> TryLock(const std::string& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace govaudit
