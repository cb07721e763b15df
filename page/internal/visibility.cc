#include "page/internal/visibility.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/strings.h"

namespace govaudit::internal {
namespace {

// Offsets and indents at least this far off-screen hide what they move (templates use -999px,
// -9999px, -10000em).
constexpr double kOffscreenPx = -500;
// Sizes at most this small show nothing readable.
constexpr double kTinyPx = 1;
constexpr double kTinyMarqueePx = 5;
constexpr size_t kMaxSelectorShown = 60;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// "12px", "-9999px", "0", "-10em", "1pt", "0%": pixels, as far as a number says without
// layout (em and rem at 16px). nullopt for keywords and unknown units.
std::optional<double> LengthPx(std::string_view value) {
  value = TrimAscii(value);
  if (value.empty()) return std::nullopt;
  const std::string text(value.substr(0, 32));
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  const std::string_view unit = TrimAscii(std::string_view(end));
  if (unit.empty() || unit == "px") return number;
  if (unit == "em" || unit == "rem") return number * 16;
  if (unit == "pt") return number * 4 / 3;
  if (unit == "%" || unit == "vw" || unit == "vh") return number == 0 ? std::optional<double>(0) : std::nullopt;
  return std::nullopt;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string HexColor(int r, int g, int b) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "#";
  for (int v : {r, g, b}) {
    v = std::clamp(v, 0, 255);
    out.push_back(kHex[v >> 4]);
    out.push_back(kHex[v & 15]);
  }
  return out;
}

// One colour value (lower case) as "#rrggbb" or "transparent"; empty if it is none.
std::string NormaliseColor(std::string_view v) {
  v = TrimAscii(v);
  if (v.empty()) return "";
  if (v == "transparent") return "transparent";
  if (v == "white") return "#ffffff";
  if (v == "black") return "#000000";
  if (v.front() == '#') {
    std::string_view hex = v.substr(1);
    if (std::any_of(hex.begin(), hex.end(), [](char c) { return HexDigit(c) < 0; })) return "";
    if (hex.size() == 3 || hex.size() == 4) {
      if (hex.size() == 4 && hex[3] == '0') return "transparent";
      return HexColor(HexDigit(hex[0]) * 17, HexDigit(hex[1]) * 17, HexDigit(hex[2]) * 17);
    }
    if (hex.size() == 6 || hex.size() == 8) {
      if (hex.size() == 8 && hex[6] == '0' && hex[7] == '0') return "transparent";
      return "#" + std::string(hex.substr(0, 6));
    }
    return "";
  }
  if (v.rfind("rgb", 0) == 0) {
    const size_t open = v.find('(');
    const size_t close = v.find(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
    std::string args(v.substr(open + 1, close - open - 1));
    std::replace(args.begin(), args.end(), ',', ' ');
    std::replace(args.begin(), args.end(), '/', ' ');
    double parts[4] = {0, 0, 0, 1};
    int n = 0;
    for (const char* p = args.c_str(); *p != '\0' && n < 4;) {
      char* end = nullptr;
      const double x = std::strtod(p, &end);
      if (end == p) break;
      parts[n] = (*end == '%' && n < 3) ? x * 2.55 : x;
      ++n;
      p = *end == '%' ? end + 1 : end;
    }
    if (n < 3) return "";
    if (n == 4 && parts[3] == 0) return "transparent";
    return HexColor(static_cast<int>(parts[0] + 0.5), static_cast<int>(parts[1] + 0.5),
                    static_cast<int>(parts[2] + 0.5));
  }
  // Other named colours compare as written.
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return std::string(v);
  return "";
}

// The colour in a background shorthand ("#fff url(x.png) no-repeat").
std::string BackgroundColor(std::string_view v) {
  size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && IsSpace(v[i])) ++i;
    size_t start = i;
    int depth = 0;
    while (i < v.size() && (depth > 0 || !IsSpace(v[i]))) {
      if (v[i] == '(') ++depth;
      if (v[i] == ')') --depth;
      ++i;
    }
    std::string color = NormaliseColor(v.substr(start, i - start));
    if (!color.empty()) return color;
  }
  return "";
}

void ApplyDeclaration(std::string_view property, std::string_view value, HidingStyle* s) {
  if (property == "display") {
    if (value == "none") s->hides = "display:none";
    s->shows = value != "none" && !value.empty();
  } else if (property == "visibility") {
    if (value == "hidden" || value == "collapse") s->hides = "visibility:hidden";
    s->shows = value == "visible";
  } else if (property == "opacity") {
    if (auto v = LengthPx(value); v && *v <= 0) s->hides = "opacity:0";
  } else if (property == "font-size") {
    if (auto v = LengthPx(value)) s->tiny_font = *v <= kTinyPx;
  } else if (property == "text-indent") {
    if (auto v = LengthPx(value); v && *v <= kOffscreenPx) s->hides = "text-indent:" + std::string(value);
  } else if (property == "left" || property == "top" || property == "margin-left" || property == "margin-top") {
    if (auto v = LengthPx(value); v && *v <= kOffscreenPx) s->hides = std::string(property) + ":" + std::string(value);
  } else if (property == "color") {
    s->color = NormaliseColor(value);
  } else if (property == "background-color") {
    s->background = NormaliseColor(value);
  } else if (property == "background") {
    s->background = BackgroundColor(value);
  } else if (property == "overflow" || property == "overflow-y" || property == "overflow-x") {
    s->overflow_hidden = value == "hidden" || value == "clip";
  } else if (property == "height" || property == "max-height") {
    if (auto v = LengthPx(value)) s->height_px = *v;
  } else if (property == "width" || property == "max-width") {
    if (auto v = LengthPx(value)) s->width_px = *v;
  }
}

// What a style hides its element by, without the colours (those need the background).
std::string StickyReason(const HidingStyle& s) {
  if (!s.hides.empty()) return s.hides;
  if (s.overflow_hidden && s.height_px && *s.height_px <= kTinyPx) return "height:0;overflow:hidden";
  if (s.overflow_hidden && s.width_px && *s.width_px <= kTinyPx) return "width:0;overflow:hidden";
  return "";
}

std::string_view Attribute(const char* value) { return value == nullptr ? std::string_view() : TrimAscii(value); }

// ".a.b#c" (a compound selector, tag names ignored): its classes and id. False if it holds
// anything else (attributes, pseudo-classes, the universal selector).
bool ReadCompound(std::string_view compound, std::vector<std::string>* classes, std::string* id) {
  size_t i = 0;
  while (i < compound.size() && compound[i] != '.' && compound[i] != '#') {
    const char c = compound[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    ++i;
  }
  while (i < compound.size()) {
    const char kind = compound[i++];
    size_t start = i;
    while (i < compound.size() && compound[i] != '.' && compound[i] != '#') {
      const char c = compound[i];
      if (c == ':' || c == '[' || c == '*' || c == '(') return false;
      ++i;
    }
    if (i == start) return false;
    if (kind == '.') {
      classes->emplace_back(compound.substr(start, i - start));
    } else {
      *id = std::string(compound.substr(start, i - start));
    }
  }
  return true;
}

}  // namespace

void HidingStyle::MergeFrom(const HidingStyle& other) {
  if (other.shows && (hides == "display:none" || hides == "visibility:hidden")) hides.clear();
  if (!other.hides.empty()) hides = other.hides;
  if (other.tiny_font) tiny_font = other.tiny_font;
  if (!other.color.empty()) color = other.color;
  if (!other.background.empty()) background = other.background;
  if (other.overflow_hidden) overflow_hidden = true;
  if (other.height_px) height_px = other.height_px;
  if (other.width_px) width_px = other.width_px;
}

HidingStyle ParseDeclarations(std::string_view block) {
  HidingStyle style;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find(';', start);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view declaration = block.substr(start, end - start);
    start = end + 1;
    const size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string property = LowerAscii(TrimAscii(declaration.substr(0, colon)));
    std::string value = LowerAscii(TrimAscii(declaration.substr(colon + 1)));
    if (const size_t important = value.find("!important"); important != std::string::npos) {
      value = std::string(TrimAscii(std::string_view(value).substr(0, important)));
    }
    ApplyDeclaration(property, value, &style);
  }
  return style;
}

StyleSheet StyleSheet::FromHtml(std::string_view html) {
  StyleSheet sheet;
  size_t at = 0;
  while (sheet.css_bytes_ < kMaxCssBytes) {
    const void* lt = at < html.size() ? std::memchr(html.data() + at, '<', html.size() - at) : nullptr;
    if (lt == nullptr) break;
    at = static_cast<const char*>(lt) - html.data() + 1;
    if (!StartsWithNoCase(html, at, "style") || at + 5 >= html.size()) continue;
    const char after = html[at + 5];
    if (after != '>' && !IsSpace(after)) continue;
    const size_t open_end = html.find('>', at);
    if (open_end == std::string_view::npos) break;
    size_t close = open_end + 1;
    while (close < html.size() && !(html[close] == '<' && StartsWithNoCase(html, close + 1, "/style"))) {
      const void* next = std::memchr(html.data() + close + 1, '<', html.size() - close - 1);
      close = next == nullptr ? html.size() : static_cast<const char*>(next) - html.data();
    }
    sheet.Add(html.substr(open_end + 1, close - open_end - 1));
    at = close;
  }
  return sheet;
}

void StyleSheet::Add(std::string_view css) {
  if (css_bytes_ >= kMaxCssBytes) return;
  css = css.substr(0, kMaxCssBytes - css_bytes_);
  css_bytes_ += css.size();
  std::string text;  // without comments
  text.reserve(css.size());
  for (size_t i = 0; i < css.size();) {
    if (css.compare(i, 2, "/*") == 0) {
      const size_t end = css.find("*/", i + 2);
      i = end == std::string_view::npos ? css.size() : end + 2;
      continue;
    }
    text.push_back(css[i++]);
  }
  size_t i = 0;
  while (i < text.size() && rules_.size() < kMaxCssRules) {
    const size_t brace = text.find_first_of("{;}", i);
    if (brace == std::string::npos) break;
    const std::string_view prelude = TrimAscii(std::string_view(text).substr(i, brace - i));
    if (text[brace] != '{') {  // "@import …;", a stray '}' or ';'
      i = brace + 1;
      continue;
    }
    size_t end = brace + 1;  // the matching '}', or the end of an unterminated block
    for (int depth = 1; end < text.size(); ++end) {
      if (text[end] == '{') ++depth;
      if (text[end] == '}' && --depth == 0) break;
    }
    // @media, @supports, @keyframes …: rules for other screens or states, left out.
    if (!prelude.empty() && prelude.front() != '@') {
      const HidingStyle style = ParseDeclarations(std::string_view(text).substr(brace + 1, end - brace - 1));
      if (!style.empty()) AddRule(LowerAscii(prelude), style);
    }
    i = end + 1;
  }
}

void StyleSheet::AddRule(std::string_view selectors, const HidingStyle& style) {
  size_t start = 0;
  while (start <= selectors.size() && rules_.size() < kMaxCssRules) {
    size_t comma = selectors.find(',', start);
    if (comma == std::string_view::npos) comma = selectors.size();
    const std::string_view selector = TrimAscii(selectors.substr(start, comma - start));
    start = comma + 1;
    // The compounds, split at descendant and child combinators.
    std::vector<std::string_view> compounds;
    size_t i = 0;
    while (i < selector.size()) {
      while (i < selector.size() && (IsSpace(selector[i]) || selector[i] == '>')) ++i;
      const size_t from = i;
      while (i < selector.size() && !IsSpace(selector[i]) && selector[i] != '>') ++i;
      if (i > from) compounds.push_back(selector.substr(from, i - from));
    }
    // The last compound naming a class or id carries the rule; plain tags after it (".x a")
    // mean the element's links are hidden with it, for the properties that hide.
    Rule rule;
    bool usable = !compounds.empty();
    size_t owner = compounds.size();
    for (size_t k = 0; k < compounds.size() && usable; ++k) {
      std::vector<std::string> classes;
      std::string id;
      usable = ReadCompound(compounds[k], &classes, &id);
      if (usable && (!classes.empty() || !id.empty())) {
        owner = k;
        rule.classes = std::move(classes);
        rule.id = std::move(id);
      }
    }
    if (!usable || owner == compounds.size() || selector.find_first_of("+~") != std::string_view::npos) continue;
    rule.style = style;
    if (owner + 1 < compounds.size()) {  // ".x a": only what hides travels to the descendants
      rule.style = HidingStyle{};
      rule.style.hides = StickyReason(style);
      if (style.tiny_font && *style.tiny_font) rule.style.tiny_font = true;
      if (rule.style.empty()) continue;
    }
    rule.selector = std::string(Utf8Prefix(selector, kMaxSelectorShown));
    const size_t index = rules_.size();
    by_key_[rule.id.empty() ? "." + rule.classes.front() : "#" + rule.id].push_back(index);
    rules_.push_back(std::move(rule));
  }
}

std::optional<StyleSheet::Match> StyleSheet::For(std::string_view class_attr, std::string_view id_attr) const {
  if (rules_.empty()) return std::nullopt;
  // Selectors were lower-cased when read; class names and ids compare the same way.
  std::vector<std::string> classes;
  for (size_t i = 0; i < class_attr.size();) {
    while (i < class_attr.size() && IsSpace(class_attr[i])) ++i;
    const size_t from = i;
    while (i < class_attr.size() && !IsSpace(class_attr[i])) ++i;
    if (i > from) classes.push_back(LowerAscii(class_attr.substr(from, i - from)));
  }
  const std::string id = LowerAscii(id_attr);
  std::vector<size_t> matched;
  auto consider = [&](const std::string& key) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    for (size_t index : it->second) {
      const Rule& rule = rules_[index];
      if (!rule.id.empty() && rule.id != id) continue;
      bool all = true;
      for (const std::string& c : rule.classes) {
        all = all && std::find(classes.begin(), classes.end(), c) != classes.end();
      }
      if (all) matched.push_back(index);
    }
  };
  for (const std::string& c : classes) consider("." + c);
  if (!id.empty()) consider("#" + id);
  if (matched.empty()) return std::nullopt;
  // Later rules win, as in the cascade (specificity is not weighed).
  std::sort(matched.begin(), matched.end());
  matched.erase(std::unique(matched.begin(), matched.end()), matched.end());
  Match match;
  for (size_t index : matched) {
    match.style.MergeFrom(rules_[index].style);
    if (match.selector.empty() && !StickyReason(rules_[index].style).empty()) match.selector = rules_[index].selector;
  }
  if (match.selector.empty()) match.selector = rules_[matched.back()].selector;
  return match;
}

HidingStyle VisibilityTracker::StyleOf(const ElementView& e, std::string* source) const {
  // Presentational attributes lose to style rules, which lose to the inline style.
  HidingStyle style;
  if (e.bgcolor != nullptr) style.background = NormaliseColor(LowerAscii(Attribute(e.bgcolor)));
  if (e.color != nullptr) style.color = NormaliseColor(LowerAscii(Attribute(e.color)));
  const std::string_view class_attr = Attribute(e.class_attr);
  const std::string_view id_attr = Attribute(e.id);
  if (sheet_ != nullptr && !sheet_->empty() && (!class_attr.empty() || !id_attr.empty())) {
    if (std::optional<StyleSheet::Match> m = sheet_->For(class_attr, id_attr)) {
      style.MergeFrom(m->style);
      *source = "（<style> 规则 " + m->selector + "）";
    }
  }
  if (e.style != nullptr) {
    const HidingStyle inline_style = ParseDeclarations(e.style);
    style.MergeFrom(inline_style);
    if (!StickyReason(inline_style).empty() || inline_style.tiny_font || !inline_style.color.empty() ||
        source->empty()) {
      *source = "（行内样式）";
    }
  }
  return style;
}

std::string VisibilityTracker::HiddenByItself(const ElementView& e) const {
  std::string source;
  return StickyReason(StyleOf(e, &source));
}

VisibilityTracker::Entered VisibilityTracker::Enter(const ElementView& e) {
  Entered entered;
  const State* parent = states_.empty() ? nullptr : &states_.back();
  const std::string_view class_attr = Attribute(e.class_attr);
  const std::string_view id_attr = Attribute(e.id);
  if (e.style == nullptr && class_attr.empty() && id_attr.empty() && e.bgcolor == nullptr && e.color == nullptr &&
      !e.is_marquee && e.hidden_reason == nullptr) {
    if (parent != nullptr) {
      entered.hidden_by = !parent->sticky.empty()                  ? parent->sticky
                          : e.depth - parent->tiny_font_depth <= 1 ? parent->tiny_font
                                                                   : std::string();
    }
    return entered;
  }
  std::string source;
  HidingStyle style = StyleOf(e, &source);
  if ((style.hides == "display:none" || style.hides == "visibility:hidden") && e.has_visible_twin != nullptr &&
      (*e.has_visible_twin)()) {
    style.hides.clear();  // one panel of several, switched by script
  }
  std::string sticky = StickyReason(style);
  if (e.hidden_reason != nullptr && sticky.empty()) {
    sticky = e.hidden_reason;
    source.clear();
  }
  if (e.is_marquee && sticky.empty()) {
    const std::optional<double> w = e.width ? LengthPx(Attribute(e.width)) : style.width_px;
    const std::optional<double> h = e.height ? LengthPx(Attribute(e.height)) : style.height_px;
    if ((w && *w <= kTinyMarqueePx) || (h && *h <= kTinyMarqueePx)) sticky = "宽或高不超过 5px 的 <marquee>";
  }

  State next = parent != nullptr ? *parent : State{};
  bool changed = false;
  if (next.sticky.empty() && !sticky.empty()) {
    next.sticky = sticky + (e.is_marquee && StickyReason(style).empty() ? "" : source);
    changed = true;
  }
  if (style.tiny_font) {
    if (*style.tiny_font && next.tiny_font.empty()) {
      next.tiny_font = "font-size:0" + source;
      next.tiny_font_depth = e.depth;
      entered.hides_own_text = next.sticky.empty();
      changed = true;
    } else if (!*style.tiny_font && !next.tiny_font.empty()) {
      next.tiny_font.clear();
      changed = true;
    }
  }
  if (!style.background.empty() && style.background != "transparent" && style.background != next.background) {
    next.background = style.background;
    changed = true;
  }
  entered.hidden_by = !next.sticky.empty()                  ? next.sticky
                      : e.depth - next.tiny_font_depth <= 1 ? next.tiny_font
                                                            : std::string();
  if (entered.hidden_by.empty() && !style.color.empty()) {
    const std::string background = next.background.empty() ? "#ffffff" : next.background;
    if (style.color == "transparent") {
      entered.hidden_by = "文字颜色透明" + source;
    } else if (style.color == background) {
      entered.hidden_by = "文字颜色与背景色相同（" + style.color + "）";
    }
    entered.hides_own_text = !entered.hidden_by.empty();
  }
  if (changed) {
    states_.push_back(std::move(next));
    entered.pushed = true;
  }
  return entered;
}

void VisibilityTracker::Leave() {
  if (!states_.empty()) states_.pop_back();
}

std::vector<std::string> HrefsAfterDocumentEnd(std::string_view html) {
  constexpr size_t kMaxHrefs = 64;
  std::vector<std::string> hrefs;
  size_t end = std::string_view::npos;
  for (size_t i = html.size(); i > 0;) {
    const void* lt = memrchr(html.data(), '<', i);
    if (lt == nullptr) break;
    i = static_cast<const char*>(lt) - html.data();
    if (StartsWithNoCase(html, i + 1, "/html")) {
      end = i;
      break;
    }
  }
  if (end == std::string_view::npos) return hrefs;
  const size_t close = html.find('>', end);
  if (close == std::string_view::npos) return hrefs;
  const std::string_view tail = html.substr(close + 1);
  for (size_t i = 0; i + 4 < tail.size() && hrefs.size() < kMaxHrefs; ++i) {
    if (!StartsWithNoCase(tail, i, "href")) continue;
    size_t j = i + 4;
    while (j < tail.size() && IsSpace(tail[j])) ++j;
    if (j >= tail.size() || tail[j] != '=') continue;
    ++j;
    while (j < tail.size() && IsSpace(tail[j])) ++j;
    if (j >= tail.size()) break;
    const char quote = (tail[j] == '"' || tail[j] == '\'') ? tail[j] : '\0';
    if (quote != '\0') ++j;
    size_t k = j;
    while (k < tail.size() && (quote != '\0' ? tail[k] != quote : !IsSpace(tail[k]) && tail[k] != '>')) ++k;
    std::string href(tail.substr(j, k - j));
    for (size_t amp; (amp = href.find("&amp;")) != std::string::npos;) href.replace(amp, 5, "&");
    hrefs.push_back(std::move(href));
    i = k;
  }
  return hrefs;
}

}  // namespace govaudit::internal
