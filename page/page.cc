#include "page/page.h"

#include <utility>

#include "common/strings.h"
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

// The first non-empty <h1>; else the ArticleTitle meta tag; else <title>. When ArticleTitle
// exists, an <h1> that matches neither it nor <title> is the site's logo text ("XX省人民政府
// 网站") and is passed over.
std::string ChooseTitle(const std::vector<std::string>& h1s,
                        const std::map<std::string, std::string>& meta_tags,
                        const std::string& html_title) {
  std::string article_title;
  for (const auto& [name, content] : meta_tags) {
    if (EqualsIgnoreCase(name, "ArticleTitle")) {
      internal::TextBuilder t;
      t.Append(StripTags(content));
      article_title = t.Take();
      if (!article_title.empty()) break;
    }
  }
  if (article_title.empty()) return h1s.empty() ? html_title : h1s.front();
  const std::string compact_html_title = WithoutSpaces(html_title);
  const std::string compact_article_title = WithoutSpaces(article_title);
  for (const std::string& h1 : h1s) {
    std::string compact = WithoutSpaces(h1);
    if (compact_html_title.find(compact) != std::string::npos ||
        compact.find(compact_article_title) != std::string::npos ||
        compact_article_title.find(compact) != std::string::npos) {
      return h1;
    }
  }
  return article_title;
}

}  // namespace

Page ParsePage(std::string_view url, std::string_view html_utf8) {
  internal::BuiltPage built = internal::BuildPage(url, html_utf8, /*read_scripts=*/true);
  Page& page = built.page;

  std::vector<size_t> script_label_ends;
  if (!page.script_written_html.empty()) {
    // The page's style rules apply to what its scripts write.
    internal::BuiltPage written =
        internal::BuildPage(url, page.script_written_html, /*read_scripts=*/false, built.base_href, &built.sheet);
    Page& w = written.page;
    page.script_written_text = std::move(w.text);
    script_label_ends = std::move(written.bare_label_ends);
    // What the scripts write is rendered like the rest of the page.
    for (PageLink& link : w.links) page.links.push_back(std::move(link));
    for (std::string& src : w.script_srcs) page.script_srcs.push_back(std::move(src));
    if (page.jiucuo_site_code.empty()) page.jiucuo_site_code = std::move(w.jiucuo_site_code);
  }

  const MetaTextSource sources[] = {
      {page.text, built.bare_label_ends},
      {page.script_written_text, script_label_ends},
  };
  page.meta = ExtractDisclosureMeta(sources, page.meta_tags);
  page.title = ChooseTitle(built.h1s, page.meta_tags, page.html_title);
  return std::move(page);
}

}  // namespace govaudit
