// The single writer: a thread that owns the Store while a crawl runs and applies queued
// writes in batched transactions (waiting up to kGatherWindow for a batch of a few dozen while
// pages arrive). Submit blocks when the queue is full, so memory stays flat.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "common/status.h"
#include "db/store.h"

namespace govaudit::db {

class StoreWriter {
 public:
  using Write = std::function<Status(Store&)>;

  explicit StoreWriter(Store* store, size_t max_queue = 256, size_t max_batch = 200);
  ~StoreWriter();

  void Submit(Write write);
  // Waits until every submitted write is committed; returns the first error, if any.
  Status Flush();
  // Flushes and stops the thread. The Store is free for other use afterwards.
  Status Close();

 private:
  void Loop();

  Store* store_;
  size_t max_queue_;
  size_t max_batch_;
  size_t min_batch_;
  static constexpr std::chrono::milliseconds kGatherWindow{20};
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::condition_variable drained_;
  std::deque<Write> queue_;
  size_t in_flight_ = 0;
  int flush_waiters_ = 0;
  bool closing_ = false;
  Status first_error_;
  std::thread thread_;
};

}  // namespace govaudit::db
