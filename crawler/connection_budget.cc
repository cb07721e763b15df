#include <algorithm>
#include <chrono>

#include "crawler/crawler.h"

namespace govaudit {

using Clock = std::chrono::steady_clock;

ConnectionBudget::ConnectionBudget(int slots) : slots_(std::max(1, slots)) {}

int ConnectionBudget::Join(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  int id = next_id_++;
  members_[id].wake = std::move(wake);
  return id;
}

void ConnectionBudget::Leave(int member) {
  std::lock_guard lock(mutex_);
  members_.erase(member);
  // Its fair share is free for the others now: let waiting members try again.
  for (auto& [id, m] : members_) {
    if (m.refused_at != Clock::time_point{}) m.wake();
  }
}

bool ConnectionBudget::TryAcquire(int member, const std::string& host, int host_cap) {
  std::lock_guard lock(mutex_);
  auto me = members_.find(member);
  if (me == members_.end()) return false;
  auto on_host = host_active_.find(host);
  if (on_host != host_active_.end() && on_host->second >= host_cap) {
    return false;  // the host's limit, not the budget's: no claim on a fair share
  }
  Clock::time_point now = Clock::now();
  bool granted = in_use_ < slots_;
  if (granted) {
    int share = std::max(1, slots_ / static_cast<int>(members_.size()));
    if (me->second.held >= share) {
      // Above its share a crawler only takes slots no one else asked for lately (a crawler
      // polls at least every 100 ms, so a second covers a waiting one's next attempt).
      for (const auto& [id, m] : members_) {
        if (id != member && m.refused_at != Clock::time_point{} && now - m.refused_at < std::chrono::seconds(1)) {
          granted = false;
          break;
        }
      }
    }
  }
  if (!granted) {
    me->second.refused_at = now;
    return false;
  }
  me->second.held++;
  me->second.refused_at = {};
  ++host_active_[host];
  ++in_use_;
  return true;
}

void ConnectionBudget::Release(int member, const std::string& host) {
  std::lock_guard lock(mutex_);
  if (auto it = members_.find(member); it != members_.end()) it->second.held--;
  if (auto it = host_active_.find(host); it != host_active_.end() && --it->second == 0) host_active_.erase(it);
  --in_use_;
  for (auto& [id, m] : members_) {
    if (id != member && m.refused_at != Clock::time_point{}) m.wake();
  }
}

int ConnectionBudget::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}


}  // namespace govaudit
