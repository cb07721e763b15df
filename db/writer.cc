#include "db/writer.h"

#include <algorithm>

namespace govaudit::db {

StoreWriter::StoreWriter(Store* store, size_t max_queue, size_t max_batch)
    : store_(store), max_queue_(max_queue), max_batch_(max_batch),
      min_batch_(std::min({max_batch, max_queue, size_t{50}})),
      thread_([this] { Loop(); }) {}

StoreWriter::~StoreWriter() { (void)Close(); }

void StoreWriter::Submit(Write write) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [&] { return queue_.size() < max_queue_ || closing_; });
  queue_.push_back(std::move(write));
  if (queue_.size() == 1 || queue_.size() >= min_batch_) has_work_.notify_one();
}

Status StoreWriter::Flush() {
  std::unique_lock lock(mutex_);
  ++flush_waiters_;
  has_work_.notify_one();
  drained_.wait(lock, [&] { return queue_.empty() && in_flight_ == 0; });
  --flush_waiters_;
  return first_error_;
}

Status StoreWriter::Close() {
  {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) return first_error_;
    closing_ = true;
    has_work_.notify_all();
  }
  thread_.join();
  return first_error_;
}

void StoreWriter::Loop() {
  for (;;) {
    std::deque<Write> batch;
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty() && closing_) return;
      // A commit rewrites the index pages every write touched, so a batch of one costs nearly
      // as much as a batch of fifty. While pages arrive, wait briefly for a fuller batch, unless
      // someone waits for the queue to drain.
      has_work_.wait_for(lock, kGatherWindow,
                         [&] { return queue_.size() >= min_batch_ || closing_ || flush_waiters_ > 0; });
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      in_flight_ = batch.size();
      has_room_.notify_all();
    }
    // One transaction per batch: the cost of a commit is shared by many writes.
    Status status = store_->Begin();
    for (Write& write : batch) {
      if (!status.ok()) break;
      status = write(*store_);
    }
    if (status.ok()) {
      status = store_->Commit();
    } else {
      store_->Rollback();
    }
    std::lock_guard lock(mutex_);
    if (!status.ok() && first_error_.ok()) first_error_ = status;
    in_flight_ = 0;
    if (queue_.empty()) drained_.notify_all();
  }
}

}  // namespace govaudit::db
