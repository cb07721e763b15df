#include "common/bounded_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

namespace govaudit {
namespace {

using std::chrono_literals::operator""ms;

TEST(BoundedQueueTest, ItemsComeOutInTheOrderTheyWentIn) {
  BoundedQueue<int> queue(8);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue.Push(i));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(queue.Pop(), i);
}

TEST(BoundedQueueTest, APushWaitsWhileTheQueueIsFull) {
  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.Push(1));
  ASSERT_TRUE(queue.Push(2));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    queue.Push(3);
    pushed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(pushed);  // two items queued: the third waits
  EXPECT_EQ(queue.Pop(), 1);
  producer.join();
  EXPECT_TRUE(pushed);
  EXPECT_EQ(queue.Pop(), 2);
  EXPECT_EQ(queue.Pop(), 3);
}

TEST(BoundedQueueTest, AWaitingProducerResumesOnceTheQueueIsHalfEmpty) {
  // Resuming at every item taken would switch threads at every item while a fast producer
  // feeds slow consumers.
  BoundedQueue<int> queue(4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(queue.Push(i));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    queue.Push(4);
    pushed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(queue.Pop(), 0);  // three left: more than half
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(pushed);
  EXPECT_EQ(queue.Pop(), 1);  // two left: half
  producer.join();
  EXPECT_TRUE(pushed);
  for (int i = 2; i < 5; ++i) EXPECT_EQ(queue.Pop(), i);
}

TEST(BoundedQueueTest, ClosingLetsConsumersDrainThenStop) {
  BoundedQueue<std::string> queue(4);
  ASSERT_TRUE(queue.Push("甲"));
  ASSERT_TRUE(queue.Push("乙"));
  queue.Close();
  EXPECT_FALSE(queue.Push("丙"));  // refused once closed
  EXPECT_EQ(queue.Pop(), "甲");
  EXPECT_EQ(queue.Pop(), "乙");
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(BoundedQueueTest, ClosingWakesAWaitingConsumerAndAWaitingProducer) {
  BoundedQueue<int> empty(1);
  std::thread consumer([&] { EXPECT_EQ(empty.Pop(), std::nullopt); });
  BoundedQueue<int> full(1);
  ASSERT_TRUE(full.Push(1));
  std::thread producer([&] { EXPECT_FALSE(full.Push(2)); });
  std::this_thread::sleep_for(20ms);
  empty.Close();
  full.Close();
  consumer.join();
  producer.join();
  EXPECT_EQ(full.Pop(), 1);  // what was queued before closing is still taken
}

TEST(BoundedQueueTest, EveryItemReachesExactlyOneOfManyConsumers) {
  constexpr int kItems = 20000;
  BoundedQueue<int> queue(3);
  std::vector<int> seen(kItems, 0);
  std::vector<std::thread> consumers;
  for (int c = 0; c < 4; ++c) {
    consumers.emplace_back([&] {
      while (std::optional<int> item = queue.Pop()) ++seen[*item];  // each index by one consumer
    });
  }
  std::thread second_producer([&] {
    for (int i = 1; i < kItems; i += 2) queue.Push(i);
  });
  for (int i = 0; i < kItems; i += 2) queue.Push(i);
  second_producer.join();
  queue.Close();
  for (std::thread& t : consumers) t.join();
  EXPECT_EQ(std::accumulate(seen.begin(), seen.end(), 0), kItems);
  EXPECT_EQ(*std::min_element(seen.begin(), seen.end()), 1);
}

}  // namespace
}  // namespace govaudit
