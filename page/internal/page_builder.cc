// The walk over the Gumbo tree that builds a Page: text, links, tables, metadata inputs.
#include "page/internal/page_builder.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <unordered_set>
#include <utility>

#include "common/strings.h"
#include "common/url.h"
#include "page/internal/document_write.h"
#include "page/internal/gumbo_document.h"
#include "page/internal/limits.h"
#include "page/internal/link_rows.h"
#include "page/internal/table_builder.h"
#include "page/internal/text_builder.h"
#include "page/internal/visibility.h"
#include "page/metadata.h"

namespace govaudit::internal {
namespace {

enum TagFlag : uint16_t {
  kBlock = 1 << 0,         // '\n' before and after
  kSkipChildren = 1 << 1,  // contents never rendered as text (script, style, iframe ...)
  kBold = 1 << 2,          // text inside is bold (caption candidates)
  kCaptionCandidate = 1 << 3,
  kSuppressText = 1 << 4,  // children are walked (links, meta) but their text is not visible
};

using TagTable = std::array<uint16_t, GUMBO_TAG_LAST + 1>;

// "ul#listBox" for a list element with an id and nothing but white space inside; "" otherwise.
std::string EmptyListName(const GumboNode* node) {
  const char* id = Attr(node, "id");
  if (id == nullptr || TrimAscii(id).empty()) return "";
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (static_cast<const GumboNode*>(children.data[i])->type != GUMBO_NODE_WHITESPACE) return "";
  }
  return std::string(gumbo_normalized_tagname(node->v.element.tag)) + "#" + std::string(TrimAscii(id).substr(0, 40));
}

TagTable MakeTagTable() {
  TagTable t{};
  for (GumboTag tag :
       {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE,
        GUMBO_TAG_BODY, GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,
        GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
        GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_FRAMESET, GUMBO_TAG_H1,
        GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER,
        GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_LEGEND, GUMBO_TAG_LI,
        GUMBO_TAG_LISTING, GUMBO_TAG_MAIN, GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL,
        GUMBO_TAG_P, GUMBO_TAG_PLAINTEXT, GUMBO_TAG_PRE, GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,
        GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TR,
        GUMBO_TAG_UL, GUMBO_TAG_XMP, GUMBO_TAG_CAPTION, GUMBO_TAG_OPTION, GUMBO_TAG_OPTGROUP}) {
    t[tag] |= kBlock;
  }
  for (GumboTag tag : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_TEMPLATE, GUMBO_TAG_IFRAME,
                       GUMBO_TAG_TEXTAREA, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_TITLE}) {
    t[tag] |= kSkipChildren;
  }
  for (GumboTag tag : {GUMBO_TAG_HEAD, GUMBO_TAG_NOSCRIPT}) t[tag] |= kSuppressText;
  for (GumboTag tag : {GUMBO_TAG_B, GUMBO_TAG_STRONG, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
                       GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6}) {
    t[tag] |= kBold | kCaptionCandidate;
  }
  for (GumboTag tag : {GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_CENTER, GUMBO_TAG_SPAN, GUMBO_TAG_FONT}) {
    t[tag] |= kCaptionCandidate;
  }
  return t;
}

const TagTable& TagFlags() {
  static const TagTable table = MakeTagTable();
  return table;
}

TextBuilder::BreakKind BlockBreak(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_CAPTION:
      return TextBuilder::kRow;
    default:
      return TextBuilder::kLine;
  }
}

enum CloseAction : uint16_t {
  kCloseLink = 1 << 0,
  kCloseCell = 1 << 1,
  kCloseCaption = 1 << 2,
  kCloseH1 = 1 << 3,
  kCloseTable = 1 << 4,
  kCloseRow = 1 << 5,
  kCloseLabel = 1 << 6,
  kCloseSuppress = 1 << 7,
  kCloseBold = 1 << 8,
  kCloseBlock = 1 << 9,
  kCloseCaptionCandidate = 1 << 10,
  kCloseBareLabelCheck = 1 << 11,
  kCloseListRow = 1 << 12,
  kCloseVisibility = 1 << 13,
};

struct Frame {
  const GumboNode* node;
  unsigned int next_child;
  uint16_t actions;
  size_t text_start;
  size_t bold_at_open;
  size_t plain_at_open;
};

struct OpenLink {
  size_t index;       // in links_
  size_t text_start;
  std::string alts;   // alt text of images inside
  bool has_name;      // aria-label, aria-labelledby or title
  bool visible;
};

class PageBuilder {
 public:
  PageBuilder(std::string_view url, bool read_scripts, const StyleSheet* sheet)
      : read_scripts_(read_scripts), visibility_(sheet) {
    page_.url = std::string(url);
  }

  void Walk(const GumboNode* document) {
    if (document == nullptr) return;
    std::vector<Frame> stack;
    stack.push_back(Frame{document, 0, 0, 0, 0, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const GumboVector& children = top.node->type == GUMBO_NODE_DOCUMENT
                                        ? top.node->v.document.children
                                        : top.node->v.element.children;
      if (top.next_child >= children.length) {
        Frame done = top;
        stack.pop_back();
        Close(done);
        continue;
      }
      const GumboNode* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
          OnText(child->v.text.text);
          break;
        case GUMBO_NODE_WHITESPACE:
          if (suppress_ == 0) text_.Whitespace();
          break;
        case GUMBO_NODE_ELEMENT: {
          Frame frame{child, 0, 0, text_.size(), bold_bytes_, plain_bytes_};
          depth_ = static_cast<int>(stack.size());
          if (Open(child, &frame)) stack.push_back(frame);
          break;
        }
        default:  // comments; <template> contents are never rendered
          break;
      }
    }
  }

  // Resolves links and script sources, completes tables and the text. `after_end`: the hrefs
  // the raw HTML holds after its </html>.
  void Finish(const std::vector<std::string>& after_end) {
    for (PageLink& link : links_) {
      if (link.hidden_by.empty() && std::find(after_end.begin(), after_end.end(), link.href) != after_end.end()) {
        link.hidden_by = kAfterDocumentEndReason;
      }
    }
    std::string base = page_.url;
    if (!base_href_.empty()) {
      if (std::optional<std::string> b = NormalizeUrl(page_.url, base_href_)) base = *b;
    }
    const UrlResolver resolver(base);
    page_.pager_page = scripts_.pager_page();
    for (const std::string& href : scripts_.paging_hrefs()) {
      PageLink link = {};
      link.href = href;
      link.tag = "a";
      link.anchor_text = "分页 " + href;
      links_.push_back(std::move(link));
    }
    for (PageLink& link : links_) {
      link.url = resolver.Resolve(link.href).value_or("");
    }
    page_.links = std::move(links_);
    for (const std::string& src : script_srcs_raw_) {
      if (std::optional<std::string> u = resolver.Resolve(src)) page_.script_srcs.push_back(*u);
    }
    std::unordered_set<std::string> seen_resources;
    for (const auto& [src, kind] : resources_raw_) {
      std::optional<std::string> u = resolver.Resolve(src);
      if (u && seen_resources.insert(*u).second) page_.resources.push_back({*u, kind});
    }
    for (const std::string& id : unlabeled_field_ids_) {
      if (label_for_.count(id) == 0) ++page_.form_fields_without_label;
    }
    std::vector<PageTable> tables;
    tables.reserve(tables_.size());
    for (auto& t : tables_) {
      if (t.has_value() && !t->rows.empty()) tables.push_back(std::move(*t));
    }
    page_.tables = std::move(tables);
    page_.text = text_.Take();
    // A list element left empty for a script to fill ("<ul id=\"listBox\"></ul>" and a script
    // that loads the items from an interface, named in a file of its own): the page's items are
    // the script's, as with a data call in the page.
    if (page_.script_data_call.empty() && !empty_list_.empty() && !page_.script_srcs.empty()) {
      page_.script_data_call = "空列表 " + empty_list_;
    }
  }

  Page& page() { return page_; }
  const std::string& base_href() const { return base_href_; }
  // For HTML written by the page's scripts: the page's <base href> applies to it too.
  void set_base_href(std::string href) { base_href_ = std::move(href); }
  const std::vector<size_t>& bare_label_ends() const { return bare_label_ends_; }
  const std::vector<std::string>& h1s() const { return h1s_; }
  const std::string& unplaced_written() const { return unplaced_written_; }

 private:
  bool Visible() const { return suppress_ == 0; }

  void OnText(const char* s) {
    if (!Visible()) return;
    size_t added = text_.Append(s);
    if (bold_depth_ > 0) {
      bold_bytes_ += added;
    } else {
      plain_bytes_ += added;
    }
  }

  // Handles an element's start; returns true to walk its children.
  bool Open(const GumboNode* node, Frame* frame) {
    const GumboElement& el = node->v.element;
    if (el.tag_namespace != GUMBO_NAMESPACE_HTML) {
      // SVG / MathML: only their text matters; <script>/<style> inside still hidden.
      return (TagFlags()[el.tag] & kSkipChildren) == 0;
    }
    TrackVisibility(node, frame);
    const bool walk = OpenElement(node, frame);
    // An element whose children are not walked is never closed: what it hides ends with it.
    if (!walk && (frame->actions & kCloseVisibility)) {
      visibility_.Leave();
      frame->actions &= static_cast<uint16_t>(~kCloseVisibility);
    }
    return walk;
  }

  bool OpenElement(const GumboNode* node, Frame* frame) {
    const GumboElement& el = node->v.element;
    const uint16_t flags = TagFlags()[el.tag];
    const bool visible = Visible();
    for (auto open : {&PageBuilder::OpenHeadTag, &PageBuilder::OpenLinkTag, &PageBuilder::OpenFormTag,
                      &PageBuilder::OpenTableTag}) {
      if (std::optional<bool> walk = (this->*open)(node, frame, visible)) return *walk;
    }
    if (el.tag == GUMBO_TAG_H1 && visible && h1s_.size() < kMaxH1) frame->actions |= kCloseH1;
    if (el.tag == GUMBO_TAG_BR) {
      text_.Break(TextBuilder::kLine);
      return false;
    }
    return OpenGeneric(node, frame, flags, visible);
  }

  // The tags below return a value when they decide the walk (true: walk the children), or
  // nothing when the element goes on to the generic handling.
  std::optional<bool> OpenHeadTag(const GumboNode* node, Frame*, bool) {
    const GumboElement& el = node->v.element;
    switch (el.tag) {
      case GUMBO_TAG_HTML:
        if (const char* lang = Attr(node, "lang"); lang && page_.lang.empty()) {
          page_.lang = std::string(TrimAscii(lang));
        }
        return std::nullopt;
      case GUMBO_TAG_TITLE:
        if (!title_seen_) {
          title_seen_ = true;
          TextBuilder t;
          for (unsigned i = 0; i < el.children.length; ++i) {
            const GumboNode* c = static_cast<const GumboNode*>(el.children.data[i]);
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) t.Append(c->v.text.text);
          }
          page_.html_title = t.Take();
        }
        return false;
      case GUMBO_TAG_META: {
        const char* name = Attr(node, "name");
        const char* content = Attr(node, "content");
        if (name != nullptr && content != nullptr) page_.meta_tags.emplace(name, content);
        return false;
      }
      case GUMBO_TAG_BASE:
        if (const char* href = Attr(node, "href"); href && base_href_.empty()) base_href_ = href;
        return false;
      case GUMBO_TAG_LINK:
        if (const char* rel = Attr(node, "rel"); rel != nullptr && EqualsIgnoreCase(TrimAscii(rel), "stylesheet")) {
          AddResource(Attr(node, "href"), "css");
        }
        return false;
      case GUMBO_TAG_SCRIPT:
        OnScript(node);
        return false;
      default:
        return std::nullopt;
    }
  }

  std::optional<bool> OpenLinkTag(const GumboNode* node, Frame* frame, bool visible) {
    const GumboTag tag = node->v.element.tag;
    switch (tag) {
      case GUMBO_TAG_A:
        if (const char* href = Attr(node, "href")) {
          open_links_.push_back(OpenLink{links_.size(), text_.size(), {},
                                         HasNonEmptyAttr(node, "aria-label") ||
                                             HasNonEmptyAttr(node, "aria-labelledby") ||
                                             HasNonEmptyAttr(node, "title"),
                                         visible});
          links_.push_back(MakeLink(node, href, "a"));
          frame->actions |= kCloseLink;
        }
        return std::nullopt;
      case GUMBO_TAG_AREA:
        if (const char* href = Attr(node, "href")) {
          PageLink link = MakeLink(node, href, "area");
          if (const char* alt = Attr(node, "alt")) link.anchor_text = CleanCapture(TrimAscii(alt));
          links_.push_back(std::move(link));
        }
        return false;
      case GUMBO_TAG_IFRAME:
      case GUMBO_TAG_FRAME:
        if (const char* src = Attr(node, "src")) {
          links_.push_back(MakeLink(node, src, tag == GUMBO_TAG_IFRAME ? "iframe" : "frame"));
        }
        return false;
      case GUMBO_TAG_IMG:
        if (visible) OnImage(node);
        AddResource(Attr(node, "src"), "img");
        return false;
      case GUMBO_TAG_VIDEO:
        ++page_.videos;
        AddResource(Attr(node, "src"), "media");
        return std::nullopt;
      case GUMBO_TAG_AUDIO:
        ++page_.audios;
        AddResource(Attr(node, "src"), "media");
        return std::nullopt;
      case GUMBO_TAG_SOURCE:
      case GUMBO_TAG_EMBED:
        if (const char* src = Attr(node, "src"); src != nullptr && IsVideoFile(src)) {
          if (tag == GUMBO_TAG_EMBED) ++page_.videos;
          AddResource(src, "media");
        }
        return false;
      default:
        return std::nullopt;
    }
  }

  std::optional<bool> OpenFormTag(const GumboNode* node, Frame* frame, bool visible) {
    switch (node->v.element.tag) {
      case GUMBO_TAG_INPUT: {
        const char* type = Attr(node, "type");
        std::string_view t = type ? TrimAscii(type) : std::string_view("text");
        bool is_field = true;
        for (std::string_view skip : {"hidden", "submit", "button", "image", "reset"}) {
          if (EqualsIgnoreCase(t, skip)) is_field = false;
        }
        if (is_field && visible) OnFormField(node);
        return false;
      }
      case GUMBO_TAG_SELECT:
        if (visible) OnFormField(node);
        return std::nullopt;
      case GUMBO_TAG_TEXTAREA:
        if (visible) OnFormField(node);
        return false;
      case GUMBO_TAG_LABEL:
        if (const char* f = Attr(node, "for"); f && !TrimAscii(f).empty()) {
          label_for_.insert(std::string(TrimAscii(f)));
        }
        ++label_depth_;
        frame->actions |= kCloseLabel;
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  std::optional<bool> OpenTableTag(const GumboNode* node, Frame* frame, bool visible) {
    switch (node->v.element.tag) {
      case GUMBO_TAG_TABLE:
        if (visible) {
          TableBuilder t;
          t.page_index = tables_.size();
          if (!caption_candidate_.empty() && text_.size() - caption_candidate_end_ <= kCaptionMaxDistance) {
            t.caption = caption_candidate_;
          }
          tables_.emplace_back();
          open_tables_.push_back(std::move(t));
          frame->actions |= kCloseTable;
        }
        return std::nullopt;
      case GUMBO_TAG_CAPTION:
        if (visible && !open_tables_.empty()) frame->actions |= kCloseCaption;
        return std::nullopt;
      case GUMBO_TAG_TR:
        if (visible && !open_tables_.empty()) {
          open_tables_.back().StartRow();
          open_tables_.back().row_bare_mark = bare_label_ends_.size();
          frame->actions |= kCloseRow;
        }
        return std::nullopt;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        text_.Break(TextBuilder::kCell);
        if (visible && !open_tables_.empty()) frame->actions |= kCloseCell;
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // What every element gets: list rows, hidden or block contents, bold text, caption and
  // bare-label candidates.
  bool OpenGeneric(const GumboNode* node, Frame* frame, uint16_t flags, bool visible) {
    const GumboTag tag = node->v.element.tag;
    if (empty_list_.empty() && (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_TBODY)) {
      empty_list_ = EmptyListName(node);
    }
    if (visible && link_rows_.Open(tag, links_.size())) frame->actions |= kCloseListRow;
    if (flags & kSkipChildren) return false;
    if (flags & kSuppressText) {
      ++suppress_;
      frame->actions |= kCloseSuppress;
    }
    if (flags & kBlock) {
      text_.Break(BlockBreak(tag));
      frame->actions |= kCloseBlock;
    }
    bool bold = (flags & kBold) != 0;
    if (!bold) {
      if (const char* style = Attr(node, "style")) {
        bold = std::strstr(style, "bold") != nullptr || std::strstr(style, "weight:700") != nullptr ||
               std::strstr(style, "weight: 700") != nullptr;
      }
    }
    if (bold) {
      ++bold_depth_;
      frame->actions |= kCloseBold;
    }
    if (visible) {
      if (flags & kCaptionCandidate) frame->actions |= kCloseCaptionCandidate;
      frame->actions |= kCloseBareLabelCheck;
    }
    return true;
  }

  void AddResource(const char* src, const char* kind) {
    if (src == nullptr || resources_raw_.size() >= kMaxResources) return;
    std::string_view s = TrimAscii(src);
    if (s.empty() || s.starts_with("data:") || s.starts_with("javascript:") || s.starts_with("#")) return;
    resources_raw_.emplace_back(std::string(s), kind);
  }

  static bool IsVideoFile(std::string_view src) {
    const std::string lower = LowerAscii(src);
    for (std::string_view ext : {".mp4", ".flv", ".webm", ".m3u8", ".mov", ".avi", ".wmv"}) {
      if (lower.find(ext) != std::string::npos) return true;
    }
    return false;
  }

  // The attributes that can hide an element.
  ElementView ViewOf(const GumboNode* node) const {
    ElementView view;
    view.depth = depth_;
    view.is_marquee = node->v.element.tag == GUMBO_TAG_MARQUEE;
    const GumboVector& attributes = node->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
      const GumboAttribute* a = static_cast<const GumboAttribute*>(attributes.data[i]);
      const std::string_view name = a->name;  // Gumbo lower-cases attribute names
      if (name == "style") view.style = a->value;
      else if (name == "class") view.class_attr = a->value;
      else if (name == "id") view.id = a->value;
      else if (name == "bgcolor") view.bgcolor = a->value;
      else if (name == "color" && node->v.element.tag == GUMBO_TAG_FONT) view.color = a->value;
      else if (name == "width" && view.is_marquee) view.width = a->value;
      else if (name == "height" && view.is_marquee) view.height = a->value;
      // Only the wrapper this builder puts around script-written HTML carries it.
      else if (name == kHiddenWriteAttribute && (!read_scripts_ || in_fragment_)) view.hidden_reason = a->value;
    }
    return view;
  }

  // A shown sibling of the same kind: a list item beside list items, an element sharing a class.
  bool HasVisibleTwin(const GumboNode* node) const {
    constexpr unsigned kMaxSiblings = 64;
    if (node->parent == nullptr || node->parent->type != GUMBO_NODE_ELEMENT) return false;
    const GumboElement& el = node->v.element;
    const bool item = el.tag == GUMBO_TAG_LI || el.tag == GUMBO_TAG_DD || el.tag == GUMBO_TAG_TR;
    const char* own_class = Attr(node, "class");
    const std::vector<std::string_view> classes = ClassTokens(own_class);
    const GumboVector& siblings = node->parent->v.element.children;
    for (unsigned i = 0; i < siblings.length && i < kMaxSiblings; ++i) {
      const GumboNode* sibling = static_cast<const GumboNode*>(siblings.data[i]);
      if (sibling == node || sibling->type != GUMBO_NODE_ELEMENT || sibling->v.element.tag != el.tag) continue;
      bool same_kind = item;
      for (std::string_view c : ClassTokens(Attr(sibling, "class"))) {
        same_kind = same_kind || std::find(classes.begin(), classes.end(), c) != classes.end();
      }
      if (same_kind && visibility_.HiddenByItself(ViewOf(sibling)).empty()) return true;
    }
    return false;
  }

  // Why this element cannot be seen: a link it holds, or a link it sits in whose text it makes
  // unreadable, records the reason (PageLink::hidden_by).
  void TrackVisibility(const GumboNode* node, Frame* frame) {
    ElementView view = ViewOf(node);
    const std::function<bool()> twin = [this, node] { return HasVisibleTwin(node); };
    view.has_visible_twin = &twin;
    VisibilityTracker::Entered entered = visibility_.Enter(view);
    if (entered.pushed) frame->actions |= kCloseVisibility;
    if (entered.hides_own_text && !open_links_.empty()) {
      PageLink& link = links_[open_links_.back().index];
      if (link.hidden_by.empty()) link.hidden_by = entered.hidden_by;
    }
    element_hidden_by_ = std::move(entered.hidden_by);
  }

  void OnImage(const GumboNode* node) {
    ++page_.images;
    const char* alt = Attr(node, "alt");
    if (alt == nullptr) {
      ++page_.images_without_alt;
    } else if (!open_links_.empty() && !TrimAscii(alt).empty()) {
      std::string& alts = open_links_.back().alts;
      if (!alts.empty()) alts.push_back(' ');
      alts.append(TrimAscii(alt));
    }
  }

  void Close(const Frame& f) {
    const uint16_t a = f.actions;
    if (a == 0) return;
    const size_t end = text_.size();
    const size_t len = end - f.text_start;
    if (a & kCloseLink) CloseLink();
    if (a & kCloseListRow) link_rows_.Close(f.node->v.element.tag, text_.Slice(f.text_start), links_);
    if (a & kCloseCell) {
      const GumboNode* node = f.node;
      std::string cell = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes));
      open_tables_.back().AddCell(std::move(cell), SpanAttr(node, "colspan"), SpanAttr(node, "rowspan"),
                                  node->v.element.tag == GUMBO_TAG_TH);
    }
    if (a & kCloseCaption) {
      std::string caption = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes));
      if (!caption.empty()) {
        open_tables_.back().caption = std::move(caption);
      }
    }
    if (a & kCloseH1) {
      std::string h1 = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes), LineBreaks::kJoinChinese);
      if (!h1.empty()) h1s_.push_back(std::move(h1));
    }
    if (a & kCloseRow) {
      TableBuilder& t = open_tables_.back();
      const TableBuilder::RowInfo& ri = t.info[t.current_row];
      // A header row of <th> labels ("发布日期", "有效性") in a list names columns; it does not
      // label the next cell.
      if (ri.cells >= 2 && ri.th_cells == ri.cells && bare_label_ends_.size() > t.row_bare_mark) {
        bare_label_ends_.resize(t.row_bare_mark);
      }
    }
    if (a & kCloseTable) {
      TableBuilder t = std::move(open_tables_.back());
      open_tables_.pop_back();
      size_t index = t.page_index;
      tables_[index] = t.Finish();
    }
    if (a & kCloseLabel) --label_depth_;
    if (a & kCloseVisibility) visibility_.Leave();
    if (a & kCloseSuppress) --suppress_;
    if (a & kCloseBlock) text_.Break(BlockBreak(f.node->v.element.tag));
    if (a & kCloseCaptionCandidate) {
      if (len > 0 && len <= kCaptionMaxBytes && bold_bytes_ > f.bold_at_open &&
          plain_bytes_ == f.plain_at_open) {
        std::string text = CleanCapture(text_.Slice(f.text_start));
        if (!text.empty() && CodePoints(text) <= kCaptionMaxCodePoints) {
          caption_candidate_ = std::move(text);
          caption_candidate_end_ = end;
        }
      }
    }
    if (a & kCloseBold) --bold_depth_;
    if ((a & kCloseBareLabelCheck) && len >= 6 && len <= kBareLabelMaxBytes &&
        (bare_label_ends_.empty() || bare_label_ends_.back() != end) &&
        IsBareLabel(text_.Slice(f.text_start))) {
      bare_label_ends_.push_back(end);
    }
  }

  PageLink MakeLink(const GumboNode* node, const char* href, const char* tag) {
    PageLink link;
    link.href = href;
    link.tag = tag;
    link.hidden_by = element_hidden_by_;
    if (const char* title = Attr(node, "title")) link.title_attr = std::string(TrimAscii(title));
    return link;
  }

  void CloseLink() {
    OpenLink open = std::move(open_links_.back());
    open_links_.pop_back();
    PageLink& link = links_[open.index];
    if (open.visible) {
      link.anchor_text = CleanCapture(Utf8Prefix(text_.Slice(open.text_start), kMaxAnchorBytes));
    }
    if (!open.alts.empty()) {
      if (!link.anchor_text.empty()) link.anchor_text.push_back(' ');
      link.anchor_text.append(CleanCapture(open.alts));
    }
    if (open.visible && link.anchor_text.empty() && !open.has_name) ++page_.links_without_text;
  }

  void OnFormField(const GumboNode* node) {
    if (label_depth_ > 0 || HasNonEmptyAttr(node, "aria-label") ||
        HasNonEmptyAttr(node, "aria-labelledby") || HasNonEmptyAttr(node, "title")) {
      return;
    }
    const char* id = Attr(node, "id");
    if (id != nullptr && !TrimAscii(id).empty()) {
      unlabeled_field_ids_.emplace_back(TrimAscii(id));  // a <label for> may come later
    } else {
      ++page_.form_fields_without_label;
    }
  }

  void OnScript(const GumboNode* node) {
    const char* src = Attr(node, "src");
    const std::string script_hidden_by = element_hidden_by_;
    if (src != nullptr && !TrimAscii(src).empty()) script_srcs_raw_.emplace_back(src);
    AddResource(src, "js");
    if (page_.jiucuo_site_code.empty()) {
      const char* code = Attr(node, "sitecode");
      if (code != nullptr && !TrimAscii(code).empty()) page_.jiucuo_site_code = std::string(TrimAscii(code));
    }
    if (!read_scripts_ || src != nullptr || in_fragment_) return;
    std::string js;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const GumboNode* c = static_cast<const GumboNode*>(children.data[i]);
      if (c->type != GUMBO_NODE_TEXT && c->type != GUMBO_NODE_WHITESPACE) continue;
      js += c->v.text.text;
    }
    const char* type = Attr(node, "type");
    const std::string_view t = type != nullptr ? TrimAscii(type) : std::string_view();
    if (page_.script_data_call.empty()) page_.script_data_call = ScriptDataCall(js);
    if (!t.empty() && t.find("javascript") == std::string_view::npos &&
        t.find("ecmascript") == std::string_view::npos && t.find("jscript") == std::string_view::npos) {
      // Hanweb lists ship their first page as XML records inside the page:
      // <script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]></record>…
      if (t.find("xml") != std::string_view::npos) Place(DatastoreRecords(js, kMaxScriptWritten), node);
      return;  // templates (text/html, text/template) and JSON are not run
    }
    KeepInlineScript(js);
    if (js.find("document.write") == std::string::npos && js.find("createPage") == std::string::npos &&
        js.find("var ") == std::string::npos) {
      return;
    }
    const size_t room = kMaxScriptWritten - std::min(kMaxScriptWritten, page_.script_written_html.size());
    std::string written;
    scripts_.Read(js, room, &written);
    page_.script_written_html += written;
    // What a hidden script writes is hidden too; what it writes from encoded strings is
    // disguised. The reason travels with the HTML to the walk over it.
    std::string reason = !script_hidden_by.empty() ? script_hidden_by
                         : !written.empty() && EncodesWhatItWrites(js) ? std::string(kEncodedWriteReason)
                                                                       : std::string();
    if (!reason.empty()) {
      for (char& ch : reason) {
        if (ch == '"' || ch == '<' || ch == '>' || ch == '&') ch = ' ';
      }
      written = "<div " + std::string(kHiddenWriteAttribute) + "=\"" + reason + "\">" + written + "</div>\n";
    }
    Place(written, node);
  }

  // What a script puts on the page is read where the script stands, as a browser shows it: its
  // text, links, list rows and table cells join the page's. Written from <head> (or hidden), it
  // is kept apart (Page::script_written_text).
  void Place(const std::string& html, const GumboNode* script) {
    if (html.empty()) return;
    if (!Visible()) {
      unplaced_written_ += html;
      return;
    }
    GumboTag context = GUMBO_TAG_BODY;
    if (const GumboNode* parent = script->parent; parent != nullptr && parent->type == GUMBO_NODE_ELEMENT) {
      const GumboTag tag = parent->v.element.tag;
      if (tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_HEAD) context = tag;
    }
    OwnedGumboDocument fragment(html, context);
    in_fragment_ = true;
    Walk(fragment.root());
    in_fragment_ = false;
  }

  // Inline code, for the security rules' look at injected scripts (bounded per page).
  void KeepInlineScript(std::string_view js) {
    js = TrimAscii(js);
    if (js.empty() || inline_script_bytes_ >= kMaxInlineScriptBytes) return;
    js = Utf8Prefix(js, std::min(kMaxInlineScriptEach, kMaxInlineScriptBytes - inline_script_bytes_));
    inline_script_bytes_ += js.size();
    page_.inline_scripts.emplace_back(js);
  }

  const bool read_scripts_;
  ScriptReader scripts_;              // variables persist from one inline script to the next
  bool in_fragment_ = false;          // walking what a script wrote: its scripts are not read
  std::string unplaced_written_;      // written from <head> or hidden parts
  VisibilityTracker visibility_;
  std::string element_hidden_by_;  // why the element being opened cannot be seen
  int depth_ = 0;                  // of the element being opened
  size_t inline_script_bytes_ = 0;
  Page page_;
  TextBuilder text_;
  std::vector<PageLink> links_;
  std::vector<OpenLink> open_links_;
  LinkRows link_rows_;
  std::vector<std::optional<PageTable>> tables_;
  std::vector<TableBuilder> open_tables_;
  std::vector<size_t> bare_label_ends_;
  std::vector<std::string> script_srcs_raw_;
  std::string empty_list_;  // the first empty <ul>/<ol>/<tbody> with an id, as "ul#id"
  std::vector<std::pair<std::string, const char*>> resources_raw_;  // src, kind
  std::unordered_set<std::string> label_for_;
  std::vector<std::string> unlabeled_field_ids_;
  std::string base_href_;
  std::vector<std::string> h1s_;  // non-empty <h1> texts in document order
  std::string caption_candidate_;
  size_t caption_candidate_end_ = 0;
  size_t bold_bytes_ = 0;
  size_t plain_bytes_ = 0;
  int bold_depth_ = 0;
  int suppress_ = 0;
  int label_depth_ = 0;
  bool title_seen_ = false;
};

}  // namespace

BuiltPage BuildPage(std::string_view url, std::string_view html, bool read_scripts, const std::string& base_href,
                    const StyleSheet* sheet) {
  BuiltPage built;
  if (sheet == nullptr) {
    built.sheet = StyleSheet::FromHtml(html);
    sheet = &built.sheet;
  }
  PageBuilder builder(url, read_scripts, sheet);
  if (!base_href.empty()) builder.set_base_href(base_href);
  {
    OwnedGumboDocument doc(html);
    builder.Walk(doc.document());
    builder.Finish(HrefsAfterDocumentEnd(html));
  }
  built.base_href = builder.base_href();
  built.bare_label_ends = builder.bare_label_ends();
  built.h1s = builder.h1s();
  built.unplaced_written_html = builder.unplaced_written();
  built.page = std::move(builder.page());
  return built;
}

}  // namespace govaudit::internal
