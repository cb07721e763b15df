#include "page/page.h"

#include <utility>

#include "common/strings.h"
#include "page/columns.h"
#include "page/doc_numbers.h"
#include "page/internal/limits.h"
#include "page/internal/page_builder.h"
#include "page/internal/text_builder.h"
#include "page/metadata.h"

namespace govaudit {
namespace {

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

// Drops markup some CMSs leave in meta content ("标题<div>——副题</div>").
std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>' && in_tag) {
      in_tag = false;
    } else if (!in_tag) {
      out.push_back(c);
    }
  }
  return out;
}

const std::string* MetaTag(const std::map<std::string, std::string>& tags, std::string_view name) {
  for (const auto& [key, content] : tags) {
    if (EqualsIgnoreCase(key, name)) return &content;
  }
  return nullptr;
}

// With an ArticleTitle meta tag: the <h1> that matches it or <title> (others are the site's
// logo text, "XX省人民政府网站"), else the tag. Without one: the first <h1> that is not the
// site's name, else <title> without the site name and column ("通知_政策文件_某县人民政府").
std::string ChooseTitle(const std::vector<std::string>& h1s,
                        const std::map<std::string, std::string>& meta_tags,
                        const std::string& html_title) {
  // A <meta> content as text: tags stripped, spaces collapsed.
  const auto meta_text = [&meta_tags](std::string_view name) -> std::string {
    const std::string* content = MetaTag(meta_tags, name);
    if (content == nullptr) return {};
    internal::TextBuilder t;
    t.Append(StripTags(*content));
    return t.Take();
  };
  const std::string article_title = meta_text("ArticleTitle");
  const std::string* site_meta = MetaTag(meta_tags, "SiteName");
  const std::string_view site_name = site_meta != nullptr ? std::string_view(*site_meta) : std::string_view();
  if (article_title.empty()) {
    for (const std::string& h1 : h1s) {
      if (!LooksLikeSiteName(h1, site_name)) return h1;
    }
    std::string own = TitleWithoutSiteName(html_title, site_name);
    // A column page whose <title> is the site's name and nothing else (moe.gov.cn's lists; its
    // <h1>, if any, too) is named by its ColumnName.
    if (own == TrimSpaces(html_title) && LooksLikeSiteName(html_title, site_name)) {
      if (std::string column = meta_text("ColumnName"); !column.empty()) return column;
    }
    if (!own.empty()) return own;
    return h1s.empty() ? html_title : h1s.front();
  }
  const std::string compact_html_title = WithoutSpaces(html_title);
  const std::string compact_article_title = WithoutSpaces(article_title);
  for (const std::string& h1 : h1s) {
    if (LooksLikeSiteName(h1, site_name)) continue;  // the site's name is in every <title>
    std::string compact = WithoutSpaces(h1);
    if (compact_html_title.find(compact) != std::string::npos ||
        compact.find(compact_article_title) != std::string::npos ||
        compact_article_title.find(compact) != std::string::npos) {
      return h1;
    }
  }
  return article_title;
}

// "【已废止】某某办法", "某某办法（已失效）": the mark leaves the title and, when no label
// states a validity, becomes the page's validity.
void TakeStatusMark(Page* page) {
  constexpr std::pair<std::string_view, std::string_view> kMarks[] = {
      {"【已废止】", "废止"}, {"【废止】", "废止"}, {"[已废止]", "废止"}, {"（已废止）", "废止"}, {"(已废止)", "废止"},
      {"【已失效】", "失效"}, {"【失效】", "失效"}, {"[已失效]", "失效"}, {"（已失效）", "失效"}, {"(已失效)", "失效"},
      {"【已修订】", "已修订"}, {"（已修订）", "已修订"},
  };
  for (const auto& [mark, validity] : kMarks) {
    std::string_view title = page->title;
    const bool leading = title.starts_with(mark);
    if (!leading && !title.ends_with(mark)) continue;
    title = leading ? title.substr(mark.size()) : title.substr(0, title.size() - mark.size());
    page->title = std::string(TrimSpaces(title));
    if (!page->meta.has_validity_label || page->meta.validity.empty()) {
      page->meta.validity = std::string(validity);
      page->meta.status_notice = std::string(mark);
    }
    return;
  }
}

// A list of documents writes each item's 文号, and often its dates, in the item's row:
// "<li><a>标题</a><p>某政〔2026〕9号</p><span>2026-11-12</span></li>", labelled inside the
// link ("<a><p>标题</p><p>(发文字号：… 成文日期：…)</p></a>"), or as a whole metadata block
// shown on hover (nx.gov.cn: 索引号 … 发文字号 in a box under each title, longer than the part
// of the row a link keeps). Read as the page's labels or head lines, the first row's pass for
// the page's own. When two or more listed rows carry a 文号 or an 索引号 and the page's is one
// of theirs, the page states none of that row's fields.
void ForgetListRowMeta(Page* page) {
  DisclosureMeta& m = page->meta;
  if (m.doc_number.empty() && m.index_no.empty()) return;
  const std::string index_no = WithoutSpaces(m.index_no);
  int rows = 0;
  const std::string* own_row = nullptr;
  std::string own_row_compact;  // without spaces, as 索引号s are compared
  const std::string* last_row = nullptr;
  for (const PageLink& link : page->links) {
    if (link.url.empty()) continue;  // 【打印本页】, javascript:
    // A listed document's link holds its title, not only a 文号 ("某政发〔2026〕11号.pdf").
    const std::vector<DocNumberMatch> in_anchor = FindDocNumbers(link.anchor_text, 1);
    const size_t title_bytes =
        link.anchor_text.size() - (in_anchor.empty() ? 0 : in_anchor[0].end - in_anchor[0].begin);
    if (title_bytes < internal::kMinListedTitleBytes) continue;
    const std::string& row = link.context.size() > link.anchor_text.size() ? link.context : link.anchor_text;
    if (last_row != nullptr && *last_row == row) continue;
    std::string compact = WithoutSpaces(row);
    if (FindDocNumbers(row, 1).empty() && compact.find("索引号") == std::string::npos) continue;
    last_row = &row;
    ++rows;
    if (own_row == nullptr && ((!m.doc_number.empty() && row.find(m.doc_number) != std::string::npos) ||
                               (!index_no.empty() && compact.find(index_no) != std::string::npos))) {
      own_row = &row;
      own_row_compact = std::move(compact);
    }
  }
  // One row is enough on a page titled with its column's name: the last page of a list may
  // hold a single item.
  const bool titled_as_column = !m.column_name.empty() && WithoutSpaces(page->title) == WithoutSpaces(m.column_name);
  if (own_row == nullptr || (rows < 2 && !(rows == 1 && titled_as_column))) return;
  const auto in_row = [own_row](const std::string& value) {
    return !value.empty() && own_row->find(value) != std::string::npos;
  };
  m.doc_number.clear();
  if (!index_no.empty() && own_row_compact.find(index_no) != std::string::npos) m.index_no.clear();
  if (in_row(m.written_date_text)) {
    m.written_date_text.clear();
    m.written_date.reset();
  }
  if (in_row(m.publish_date_text)) {
    m.publish_date_text.clear();
    m.publish_date.reset();
  }
  if (in_row(m.issuer)) m.issuer.clear();
  if (in_row(m.validity)) {
    m.validity.clear();
    m.has_validity_label = false;
  }
}

}  // namespace

Page ParsePage(std::string_view url, std::string_view html_utf8) {
  internal::BuiltPage built = internal::BuildPage(url, html_utf8, /*read_scripts=*/true);
  Page& page = built.page;

  std::vector<size_t> script_label_ends;
  if (!built.unplaced_written_html.empty()) {
    // The page's style rules apply to what its scripts write.
    internal::BuiltPage written = internal::BuildPage(url, built.unplaced_written_html, /*read_scripts=*/false,
                                                      built.base_href, &built.sheet);
    Page& w = written.page;
    page.script_written_text = std::move(w.text);
    script_label_ends = std::move(written.bare_label_ends);
    // What the scripts write is rendered like the rest of the page.
    for (PageLink& link : w.links) page.links.push_back(std::move(link));
    for (std::string& src : w.script_srcs) page.script_srcs.push_back(std::move(src));
    for (PageResource& r : w.resources) page.resources.push_back(std::move(r));
    if (page.jiucuo_site_code.empty()) page.jiucuo_site_code = std::move(w.jiucuo_site_code);
  }

  const MetaTextSource sources[] = {
      {page.text, built.bare_label_ends},
      {page.script_written_text, script_label_ends},
  };
  page.meta = ExtractDisclosureMeta(sources, page.meta_tags);
  page.title = ChooseTitle(built.h1s, page.meta_tags, page.html_title);
  TakeStatusMark(&page);
  ReadBodyFacts(page.text, page.title, &page.meta);
  ForgetListRowMeta(&page);
  return std::move(page);
}

}  // namespace govaudit
