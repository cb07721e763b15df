#include "page/page.h"

#include <utility>

#include "common/strings.h"
#include "page/internal/limits.h"
#include "page/internal/page_builder.h"
#include "page/internal/text_builder.h"
#include "page/columns.h"
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
  std::string article_title;
  if (const std::string* content = MetaTag(meta_tags, "ArticleTitle")) {
    internal::TextBuilder t;
    t.Append(StripTags(*content));
    article_title = t.Take();
  }
  const std::string* site_meta = MetaTag(meta_tags, "SiteName");
  const std::string_view site_name = site_meta != nullptr ? std::string_view(*site_meta) : std::string_view();
  if (article_title.empty()) {
    for (const std::string& h1 : h1s) {
      if (!LooksLikeSiteName(h1, site_name)) return h1;
    }
    std::string own = TitleWithoutSiteName(html_title, site_name);
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
  return std::move(page);
}

}  // namespace govaudit
