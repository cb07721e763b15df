#include "page/internal/gumbo_document.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "page/internal/limits.h"

namespace govaudit::internal {

// Gumbo allocates every node, attribute, string and vector of a parse on its own (about two
// thousand allocations for a 20 KB page) and frees each one again when the tree is destroyed.
// All of a parse's memory dies together, so it comes from a few large blocks instead, released
// at once without walking the tree. What Gumbo frees while it parses is not reused: on the real
// pages it is a fifth of the total at most, and the total is about ten times the page.
class ParseArena {
 public:
  explicit ParseArena(size_t html_bytes) : next_block_(std::clamp(html_bytes * 4, kMinBlock, kMaxBlock)) {}

  static void* Allocate(void* arena, size_t bytes) { return static_cast<ParseArena*>(arena)->Take(bytes); }
  static void Free(void* /*arena*/, void* /*ptr*/) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kMinBlock = 32 * 1024;
  static constexpr size_t kMaxBlock = 4 * 1024 * 1024;

  void* Take(size_t bytes) {
    bytes = (bytes + kAlign - 1) & ~(kAlign - 1);
    if (bytes > left_) {
      const size_t size = std::max(bytes, next_block_);
      next_block_ = std::min(next_block_ * 2, kMaxBlock);
      // operator new[] aligns to __STDCPP_DEFAULT_NEW_ALIGNMENT__, which is kAlign.
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      cursor_ = blocks_.back().get();
      left_ = size;
    }
    void* p = cursor_;
    cursor_ += bytes;
    left_ -= bytes;
    return p;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* cursor_ = nullptr;
  size_t left_ = 0;
  size_t next_block_;
};

OwnedGumboDocument::OwnedGumboDocument(std::string_view html) : OwnedGumboDocument(html, GUMBO_TAG_LAST) {}

OwnedGumboDocument::OwnedGumboDocument(std::string_view html, GumboTag context)
    : html_(std::make_unique_for_overwrite<char[]>(html.size() + 1)), arena_(std::make_unique<ParseArena>(html.size())) {
  std::memcpy(html_.get(), html.data(), html.size());
  html_[html.size()] = '\0';
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are never reported; not recording them saves time and memory.
  options.max_errors = 0;
  options.allocator = &ParseArena::Allocate;
  options.deallocator = &ParseArena::Free;
  options.userdata = arena_.get();
  if (context != GUMBO_TAG_LAST) {
    options.fragment_context = context;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  }
  output_ = gumbo_parse_with_options(&options, html_.get(), html.size());
}

OwnedGumboDocument::~OwnedGumboDocument() = default;

OwnedGumboDocument::OwnedGumboDocument(OwnedGumboDocument&& other) noexcept
    : html_(std::move(other.html_)), arena_(std::move(other.arena_)), output_(std::exchange(other.output_, nullptr)) {}

OwnedGumboDocument& OwnedGumboDocument::operator=(OwnedGumboDocument&& other) noexcept {
  if (this != &other) {
    output_ = std::exchange(other.output_, nullptr);
    arena_ = std::move(other.arena_);
    html_ = std::move(other.html_);
  }
  return *this;
}

const char* Attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool HasNonEmptyAttr(const GumboNode* node, const char* name) {
  const char* v = Attr(node, name);
  return v != nullptr && !TrimAscii(v).empty();
}

int SpanAttr(const GumboNode* node, const char* name) {
  const char* v = Attr(node, name);
  if (v == nullptr) return 1;
  long n = 0;
  std::string_view s = TrimAscii(v);
  for (char c : s) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
    if (n > kMaxSpan) return kMaxSpan;
  }
  return n < 1 ? 1 : static_cast<int>(n);
}

}  // namespace govaudit::internal
