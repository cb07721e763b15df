// RAII owners for the C libraries' handles: a std::unique_ptr whose deleter is the library's
// own free function, so every handle is released on every path.
//   using EasyHandle = CHandle<CURL, curl_easy_cleanup>;
#pragma once

#include <memory>

namespace govaudit {

template <auto Free>
struct CallFree {
  template <typename T>
  void operator()(T* handle) const {
    Free(handle);
  }
};

template <typename T, auto Free>
using CHandle = std::unique_ptr<T, CallFree<Free>>;

}  // namespace govaudit
