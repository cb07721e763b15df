#include "page/internal/gumbo_document.h"

#include <cstring>
#include <utility>

#include "common/strings.h"
#include "page/internal/limits.h"

namespace govaudit::internal {

OwnedGumboDocument::OwnedGumboDocument(std::string_view html)
    : html_(std::make_unique_for_overwrite<char[]>(html.size() + 1)) {
  std::memcpy(html_.get(), html.data(), html.size());
  html_[html.size()] = '\0';
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are never reported; not recording them saves time and memory.
  options.max_errors = 0;
  output_ = gumbo_parse_with_options(&options, html_.get(), html.size());
}

OwnedGumboDocument::OwnedGumboDocument(std::string_view html, GumboTag context)
    : html_(std::make_unique_for_overwrite<char[]>(html.size() + 1)) {
  std::memcpy(html_.get(), html.data(), html.size());
  html_[html.size()] = '\0';
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  options.fragment_context = context;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  output_ = gumbo_parse_with_options(&options, html_.get(), html.size());
}

OwnedGumboDocument::~OwnedGumboDocument() { Destroy(); }

OwnedGumboDocument::OwnedGumboDocument(OwnedGumboDocument&& other) noexcept
    : html_(std::move(other.html_)), output_(std::exchange(other.output_, nullptr)) {}

OwnedGumboDocument& OwnedGumboDocument::operator=(OwnedGumboDocument&& other) noexcept {
  if (this != &other) {
    Destroy();
    html_ = std::move(other.html_);
    output_ = std::exchange(other.output_, nullptr);
  }
  return *this;
}

void OwnedGumboDocument::Destroy() {
  if (output_ != nullptr) {
    gumbo_destroy_output(&kGumboDefaultOptions, output_);
    output_ = nullptr;
  }
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
