// A queue of at most `capacity` items between threads: the producer waits while it is full, so a
// fast stage cannot run ahead of a slow one by more than that (and memory stays bounded), and
// resumes once it is half empty.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace govaudit {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Waits for room and queues `item`; false (nothing queued) once the queue is closed.
  bool Push(T item) {
    {
      std::unique_lock lock(mutex_);
      if (items_.size() >= capacity_ && !closed_) {
        // Full: wait until it is half empty (see Pop).
        ++producers_waiting_;
        has_room_.wait(lock, [&] { return items_.size() <= capacity_ / 2 || closed_; });
        --producers_waiting_;
      }
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    // Notified outside the lock: a consumer woken inside it would at once wait for the mutex.
    has_item_.notify_one();
    return true;
  }

  // Waits for an item; nothing once the queue is closed and every queued item has been taken.
  std::optional<T> Pop() {
    std::optional<T> item;
    bool wake_producer;
    {
      std::unique_lock lock(mutex_);
      has_item_.wait(lock, [&] { return !items_.empty() || closed_; });
      if (items_.empty()) return std::nullopt;
      item.emplace(std::move(items_.front()));
      items_.pop_front();
      // A waiting producer is woken once the queue is half empty, not at every item taken: it
      // then queues many before it waits again, instead of one a wake-up (a fast producer
      // behind slow consumers otherwise switches threads at every item).
      wake_producer = producers_waiting_ > 0 && items_.size() <= capacity_ / 2;
    }
    if (wake_producer) has_room_.notify_one();
    return item;
  }

  // No more items: waiting producers give up, consumers take what is queued and then stop.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    has_item_.notify_all();
    has_room_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable has_item_;
  std::condition_variable has_room_;
  std::deque<T> items_;
  size_t producers_waiting_ = 0;
  bool closed_ = false;
};

}  // namespace govaudit
