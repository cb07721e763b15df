// A queue of at most `capacity` items between threads: the producer waits while it is full, so a
// fast stage cannot run ahead of a slow one by more than that (and memory stays bounded).
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
    std::unique_lock lock(mutex_);
    has_room_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    has_item_.notify_one();
    return true;
  }

  // Waits for an item; nothing once the queue is closed and every queued item has been taken.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    has_item_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    has_room_.notify_one();
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
  bool closed_ = false;
};

}  // namespace govaudit
