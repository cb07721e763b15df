// What keeps an element from a visitor's eyes, for telling hidden links (暗链) from visible
// ones: inline styles, the class and id rules of the page's <style> blocks, colour equal to
// the background, a tiny <marquee>. Not a CSS engine: no external style sheets, no cascade
// beyond "inline wins", no selectors but classes and ids (what hidden-link templates use);
// rules inside @media blocks and rules for states (:hover) are left out, so a responsive or
// drop-down menu is not taken for a hidden one. Bounded: kMaxCssBytes of CSS, kMaxCssRules.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace govaudit::internal {

constexpr size_t kMaxCssBytes = 256 * 1024;  // of <style> text read per page
constexpr size_t kMaxCssRules = 4000;        // class/id rules kept per page

// Reasons recorded in PageLink::hidden_by besides the style ones.
inline constexpr const char* kAfterDocumentEndReason = "位于 </html> 之后";
inline constexpr const char* kEncodedWriteReason = "由 document.write 以编码字符串写入";
// The attribute of the element wrapping HTML that scripts wrote while hidden or encoded.
inline constexpr std::string_view kHiddenWriteAttribute = "data-govaudit-hidden";

// The href values of links placed after the document's last </html> (browsers still show them;
// templates put spam links there where an editor does not look). At most 64.
std::vector<std::string> HrefsAfterDocumentEnd(std::string_view html);

// The properties that can hide an element or its text, as one declaration block sets them.
struct HidingStyle {
  std::string hides;              // "display:none", "visibility:hidden", "text-indent:-9999px" …; empty: none
  bool shows = false;             // display other than none, visibility:visible: undoes the two above
  std::optional<bool> tiny_font;  // font-size at most 1px (true) or a readable size (false)
  std::string color;              // normalised ("#ffffff", "transparent"); empty: not set
  std::string background;         // the same for background / background-color
  bool overflow_hidden = false;
  std::optional<double> height_px, width_px;

  bool empty() const {
    return hides.empty() && !shows && !tiny_font && color.empty() && background.empty() && !overflow_hidden &&
           !height_px && !width_px;
  }
  // `other`'s settings over these (inline style over a class rule).
  void MergeFrom(const HidingStyle& other);
};

// Reads one declaration block ("display:none; color:#FFF").
HidingStyle ParseDeclarations(std::string_view block);

// The class and id rules of a page's <style> blocks that set a property HidingStyle keeps.
class StyleSheet {
 public:
  // Reads the <style> blocks of raw HTML (a scan of the text: a rule placed after the element
  // it hides still counts).
  static StyleSheet FromHtml(std::string_view html);
  void Add(std::string_view css);
  bool empty() const { return rules_.empty(); }

  // The style the rules give an element with these class and id attributes, and the selector
  // that matched first (for the report: ".hd"); nullopt when no rule applies.
  struct Match {
    HidingStyle style;
    std::string selector;
  };
  std::optional<Match> For(std::string_view class_attr, std::string_view id_attr) const;

 private:
  struct Rule {
    std::vector<std::string> classes;  // all required (".a.b")
    std::string id;                    // required if not empty
    std::string selector;              // as written, shortened
    HidingStyle style;
  };
  void AddRule(std::string_view selector, const HidingStyle& style);

  std::vector<Rule> rules_;
  std::unordered_map<std::string, std::vector<size_t>> by_key_;  // ".class" / "#id" → rules
  size_t css_bytes_ = 0;
};

// An element as the visibility walk needs it: attributes as written (null when absent).
struct ElementView {
  int depth = 0;  // in the tree (the root's children are 1)
  bool is_marquee = false;
  const char* style = nullptr;
  const char* class_attr = nullptr;
  const char* id = nullptr;
  const char* bgcolor = nullptr;  // bgcolor=""
  const char* color = nullptr;    // <font color="">
  const char* width = nullptr;    // width="" / height="" (a <marquee>'s size)
  const char* height = nullptr;
  // HTML that scripts wrote while hidden, or wrote from encoded strings, comes wrapped in an
  // element carrying the reason, which then hides everything inside it.
  const char* hidden_reason = nullptr;
  // Asked only when the element hides itself with display:none or visibility:hidden: true if
  // a sibling of its kind (a shared class; list items) is shown. Tabs, slides and folded
  // panels are switched that way by script, one shown at a time: the hidden ones are not
  // hidden links. Null: no such check.
  const std::function<bool()>* has_visible_twin = nullptr;
};

// Follows the open elements of a walk: why what is being walked cannot be seen.
class VisibilityTracker {
 public:
  explicit VisibilityTracker(const StyleSheet* sheet) : sheet_(sheet) {}

  struct Entered {
    bool pushed = false;    // the element changed the state: call Leave() when it closes
    std::string hidden_by;  // why the element cannot be seen; empty if it can
    // Set when this element itself makes its text unreadable (its colour, its font size): a
    // link it sits in shows nothing readable either.
    bool hides_own_text = false;
  };
  // An element opens. Its own colour counts for its own text only: an <a> inside a white
  // <div> keeps the link colour, but an <a style="color:#fff"> on white is hidden.
  Entered Enter(const ElementView& element);
  void Leave();

  // What hides the element by its own style alone (display:none, an offset …); empty if nothing.
  std::string HiddenByItself(const ElementView& element) const;

 private:
  // The element's own style: presentational attributes, class/id rules, inline style; `source`
  // names where the hiding part came from.
  HidingStyle StyleOf(const ElementView& element, std::string* source) const;

  struct State {
    std::string sticky;  // display:none and the like: nothing inside can undo it
    // font-size:0: a descendant with a readable size undoes it. Layouts set it on wrappers to
    // remove the gaps between inline blocks and give the size back in their style sheets, which
    // are not read here: it counts for the element that sets it and its children only.
    std::string tiny_font;
    int tiny_font_depth = 0;
    std::string background;  // the nearest background colour; empty: the page's (white)
  };

  const StyleSheet* sheet_;
  std::vector<State> states_;
};

// The tokens of a class attribute (split at ASCII spaces).
inline std::vector<std::string_view> ClassTokens(const char* attr) {
  std::vector<std::string_view> tokens;
  const std::string_view s = attr == nullptr ? std::string_view() : std::string_view(attr);
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && static_cast<unsigned char>(s[i]) <= ' ') ++i;
    const size_t from = i;
    while (i < s.size() && static_cast<unsigned char>(s[i]) > ' ') ++i;
    if (i > from) tokens.push_back(s.substr(from, i - from));
  }
  return tokens;
}

}  // namespace govaudit::internal
