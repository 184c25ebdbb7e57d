// A small thread-safe LRU cache of immutable values, shared by readers.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace cvdhub::util {

template <typename V>
class LruCache {
 public:
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

  // The value under `key`, or null. Marks it most recently used.
  std::shared_ptr<const V> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  // Stores `value` under `key`, evicting the least recently used entry when full.
  void Put(const std::string& key, std::shared_ptr<const V> value) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(value));
    index_.emplace(key, order_.begin());
    while (index_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const V>>;
  const std::size_t capacity_;
  std::mutex mu_;
  std::list<Entry> order_;                                                // guarded by mu_
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;  // guarded by mu_
};

}  // namespace cvdhub::util
