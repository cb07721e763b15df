// SecurityInspector: the lexicon and the script allowlist, what link targets show, what pages
// hold (hidden links, outside scripts, injection signatures) and what the home page shows a
// search engine's crawler only. The judgements over the run are in rules/security.cc.
#include <string.h>  // memmem

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/domain.h"
#include "common/hash.h"
#include "common/strings.h"
#include "common/url.h"
#include "config/resources.h"
#include "page/page.h"
#include "pii/safe_text.h"
#include "pii/scanner.h"
#include "rules/security.h"

namespace govaudit {
namespace {

constexpr size_t kMaxObservationsPerPage = 50;  // of each kind
constexpr size_t kMaxAnchorShown = 200;         // bytes of anchor text kept
constexpr size_t kMaxTermsKept = 20;
constexpr size_t kExcerptContext = 40;  // bytes each side of a lexicon hit
constexpr size_t kCodeExcerptBytes = 160;
constexpr size_t kDecoderWindow = 300;  // bytes after eval( searched for a decoder

// ---- Data files ----------------------------------------------------------------------------

// The lines of a data file that are not blank or comments, with their numbers.
template <typename F>
void ForEachEntry(std::string_view text, F on_line) {
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(&line)) {
    if (TrimAscii(line).empty() || TrimAscii(line).front() == '#') continue;
    on_line(line, lines.number());
  }
}

StatusOr<std::string> ReadUserFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read the " + std::string(what) + " " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// term<TAB>weight<TAB>category lines into *terms (by term: a later file's entry replaces one).
Status ParseLexicon(std::string_view text, const std::string& name,
                    std::map<std::string, SecurityInspector::Term>* terms) {
  Status status = Status::Ok();
  ForEachEntry(text, [&](std::string_view line, size_t number) {
    if (!status.ok()) return;
    const size_t tab = line.find('\t');
    const size_t tab2 = tab == std::string_view::npos ? tab : line.find('\t', tab + 1);
    const std::string term = LowerAscii(TrimSpaces(line.substr(0, tab)));
    const std::string weight_text(
        tab == std::string_view::npos
            ? ""
            : TrimAscii(line.substr(tab + 1, tab2 == std::string_view::npos ? tab2 : tab2 - tab - 1)));
    char* end = nullptr;
    const long weight = weight_text.empty() ? -1 : std::strtol(weight_text.c_str(), &end, 10);
    if (term.empty() || weight < 0 || weight > 100 || (end != nullptr && *end != '\0')) {
      status = Status::Error(name + ":" + std::to_string(number) +
                             ": expected term<TAB>weight<TAB>category with a weight from 0 to 100, got '" +
                             std::string(Utf8Prefix(line, 80)) + "'");
      return;
    }
    std::string category = tab2 == std::string_view::npos ? "" : std::string(TrimSpaces(line.substr(tab2 + 1)));
    (*terms)[term] = {term, static_cast<int>(weight), std::move(category)};
  });
  return status;
}

bool IsHostChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

Status ParseAllowlist(std::string_view text, const std::string& name, std::vector<std::string>* out) {
  Status status = Status::Ok();
  ForEachEntry(text, [&](std::string_view line, size_t number) {
    if (!status.ok()) return;
    const std::string entry = LowerAscii(TrimAscii(line));
    if (entry.size() < 2 || !std::all_of(entry.begin(), entry.end(), IsHostChar)) {
      status = Status::Error(name + ":" + std::to_string(number) +
                             ": expected a host (hm.baidu.com) or a domain with a "
                             "leading dot (.cnzz.com), got '" +
                             std::string(Utf8Prefix(line, 80)) + "'");
      return;
    }
    out->push_back(entry);
  });
  return status;
}

// ---- Whose is a URL -----------------------------------------------------------------------

// The site being audited: its start URLs' and extra hosts' registrable domains (an address:
// with its port), and the page's own (a start URL that redirected to another host).
class SiteIdentity {
 public:
  SiteIdentity(const RuleContext& context, const std::string& page_url) {
    for (const std::string& start : context.start_urls) keys_.insert(SiteKeyOf(start));
    for (const std::string& host : context.extra_hosts) {
      hosts_.insert(LowerAscii(host));
      keys_.insert(SiteKeyOf("http://" + host + "/"));
    }
    keys_.insert(SiteKeyOf(page_url));
    keys_.erase("");
  }
  bool Owns(const std::string& url, const Url& parsed) const {
    if (hosts_.count(parsed.host) > 0 || hosts_.count(parsed.host + ":" + std::to_string(parsed.port)) > 0) return true;
    return keys_.count(SiteKeyOf(url)) > 0;
  }

 private:
  std::set<std::string> keys_;
  std::set<std::string> hosts_;
};

// Another site's link or script: not the site's own, not a government or institution host.
bool IsForeign(const std::string& url, const SiteIdentity& site, std::string* host = nullptr) {
  std::optional<Url> parsed = ParseUrl(url);
  if (!parsed || site.Owns(url, *parsed) || IsGovernmentHost(parsed->host)) return false;
  if (host != nullptr) *host = parsed->host;
  return true;
}

std::string AnchorOf(const PageLink& link) {
  const std::string& text = link.anchor_text.empty() ? link.title_attr : link.anchor_text;
  return pii::SafeText(Utf8Prefix(text, kMaxAnchorShown));
}

db::PageObservation Observation(const std::string& page_url, const char* kind, const std::string& target,
                                const std::string& detail, const std::string& text = "") {
  return {pii::SafeText(page_url), kind, pii::SafeText(target), pii::SafeText(detail), text};
}

// ---- Inline code --------------------------------------------------------------------------

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// The code around `at`, on one line, for the report.
std::string CodeExcerpt(std::string_view js, size_t at) {
  const size_t from = at > 40 ? at - 40 : 0;
  std::string out;
  bool space = false;
  for (char c : Utf8Prefix(js.substr(from), kCodeExcerptBytes)) {
    const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct CodeHit {
  std::string id;    // "eval_decode", "referrer_redirect", "location_redirect"
  std::string what;  // for the report
  size_t at = 0;
  std::string target;  // the redirect's URL, if any
};

// eval( over unescape / atob / String.fromCharCode: code decoded and run, so that no reader of
// the source sees it. The packer's own eval(function(p,a,c,k,e,…) is a library's, not counted.
std::optional<CodeHit> EvalOverDecoder(std::string_view js) {
  for (size_t at = js.find("eval"); at != std::string_view::npos; at = js.find("eval", at + 4)) {
    if ((at > 0 && IsIdentChar(js[at - 1])) || (at + 4 < js.size() && IsIdentChar(js[at + 4]))) continue;
    const size_t open = SkipSpaces(js, at + 4);
    if (open >= js.size() || js[open] != '(') continue;
    const std::string_view window = js.substr(open, kDecoderWindow);
    if (window.substr(0, 30).find("function(p,a,c,k,e") != std::string_view::npos) continue;
    for (const char* decoder : {"unescape", "atob", "fromCharCode", "decodeURIComponent"}) {
      if (window.find(decoder) != std::string_view::npos) {
        return CodeHit{"eval_decode", std::string("eval() 执行由 ") + decoder + " 解码出的代码", at, ""};
      }
    }
  }
  return std::nullopt;
}

// A redirect: location assigned or replaced, or a window opened.
bool HasRedirect(std::string_view lowered) {
  for (const char* token : {"location.href=", "location.href =", "location=", "location =", "location.replace(",
                            "location.assign(", "window.open("}) {
    if (lowered.find(token) != std::string_view::npos) return true;
  }
  return false;
}

// Visitors who come from a search engine are sent elsewhere: the classic hijack of a site's
// search traffic, invisible to anyone who types its address.
std::optional<CodeHit> ReferrerRedirect(std::string_view js, const std::string& lowered) {
  const size_t at = js.find("document.referrer");
  if (at == std::string_view::npos || !HasRedirect(lowered)) return std::nullopt;
  for (const char* engine :
       {"baidu", "google", "sogou", "so.com", "soso", "sm.cn", "bing", "yahoo", "youdao", "toutiao"}) {
    if (lowered.find(engine) != std::string::npos) {
      return CodeHit{"referrer_redirect", std::string("来自搜索引擎（") + engine + "）的访客被跳转", at, ""};
    }
  }
  return std::nullopt;
}

// location = "http://…" (or location.replace / assign) to a whole address outside the site that
// is no government host and not on the allowlist. An address built at run time ("…?q=" + word:
// a site search hosted elsewhere) and a window opened (a share button) are no hijack.
std::optional<CodeHit> ForeignRedirect(std::string_view js, const std::string& page_url, const SiteIdentity& site,
                                       const SecurityInspector& inspector) {
  constexpr std::string_view kToken = "location";
  for (size_t at = js.find(kToken); at != std::string_view::npos; at = js.find(kToken, at + kToken.size())) {
    size_t i = at + kToken.size();
    if (js.compare(i, 5, ".href") == 0)
      i += 5;
    else if (js.compare(i, 8, ".replace") == 0)
      i += 8;
    else if (js.compare(i, 7, ".assign") == 0)
      i += 7;
    i = SkipSpaces(js, i);
    if (i >= js.size() || (js[i] != '=' && js[i] != '(') || js.compare(i, 2, "==") == 0) continue;
    i = SkipSpaces(js, i + 1);
    if (i >= js.size() || (js[i] != '"' && js[i] != '\'')) continue;
    const char quote = js[i];
    const size_t end = js.find(quote, i + 1);
    if (end == std::string_view::npos || end - i > 2048) continue;
    const size_t after = SkipSpaces(js, end + 1);
    if (after < js.size() && js[after] == '+') continue;
    const std::optional<std::string> target = NormalizeUrl(page_url, js.substr(i + 1, end - i - 1));
    std::string host;
    if (!target || !IsForeign(*target, site, &host) || inspector.Allowed(host)) continue;
    return CodeHit{"location_redirect", "脚本把访客跳转到外站 " + *target, at, *target};
  }
  return std::nullopt;
}

}  // namespace

StatusOr<SecurityInspector> SecurityInspector::Load(const RulesConfig& config) {
  std::map<std::string, Term> terms;
  RETURN_IF_ERROR(ParseLexicon(resources::Get("security-lexicon.txt"), "config/security-lexicon.txt", &terms));
  if (!config.security_lexicon_path.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadUserFile(config.security_lexicon_path, "security lexicon"));
    RETURN_IF_ERROR(ParseLexicon(text, config.security_lexicon_path, &terms));
  }
  SecurityInspector inspector;
  for (auto& [text, term] : terms) {
    if (term.weight > 0) inspector.lexicon_.push_back(std::move(term));
  }
  std::stable_sort(inspector.lexicon_.begin(), inspector.lexicon_.end(),
                   [](const Term& a, const Term& b) { return a.weight > b.weight; });
  // Longer terms are matched first, so the shorter ones inside them do not count again.
  for (size_t i = 0; i < inspector.lexicon_.size(); ++i) inspector.by_length_.push_back(i);
  std::stable_sort(inspector.by_length_.begin(), inspector.by_length_.end(), [&](size_t a, size_t b) {
    return inspector.lexicon_[a].text.size() > inspector.lexicon_[b].text.size();
  });
  RETURN_IF_ERROR(
      ParseAllowlist(resources::Get("security-allowlist.txt"), "config/security-allowlist.txt", &inspector.allowlist_));
  if (!config.security_allowlist_path.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadUserFile(config.security_allowlist_path, "script allowlist"));
    RETURN_IF_ERROR(ParseAllowlist(text, config.security_allowlist_path, &inspector.allowlist_));
  }
  return inspector;
}

bool SecurityInspector::Allowed(const std::string& host) const {
  for (const std::string& entry : allowlist_) {
    if (entry.front() != '.') {
      if (host == entry) return true;
    } else if (host == entry.substr(1) ||
               (host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0)) {
      return true;
    }
  }
  return false;
}

namespace {

// Where a text holds a term outside the places longer terms already took ("娱乐" inside a
// counted "娱乐城" is no second hit); npos if nowhere. The occurrence found is taken.
size_t FreeOccurrence(const std::string& text, const std::string& term, std::vector<std::pair<size_t, size_t>>* taken) {
  constexpr int kMaxOccurrencesTried = 64;
  size_t from = 0;
  for (int tried = 0; tried < kMaxOccurrencesTried && from < text.size(); ++tried) {
    const void* hit = memmem(text.data() + from, text.size() - from, term.data(), term.size());
    if (hit == nullptr) return std::string::npos;
    const size_t at = static_cast<const char*>(hit) - text.data();
    const bool inside = std::any_of(taken->begin(), taken->end(), [&](const std::pair<size_t, size_t>& t) {
      return at >= t.first && at + term.size() <= t.second;
    });
    if (!inside) {
      taken->emplace_back(at, at + term.size());
      return at;
    }
    from = at + 1;
  }
  return std::string::npos;
}

}  // namespace

db::OutboundSample SecurityInspector::SampleTarget(const std::string& url, const Page& target) const {
  db::OutboundSample sample;
  sample.url = url;
  const std::string& title = target.html_title.empty() ? target.title : target.html_title;
  sample.title = pii::SafeText(Utf8Prefix(title, 300));
  // Latin letters match without case: the copies are lower-cased, byte offsets unchanged.
  const std::string title_lower = LowerAscii(title);
  const std::string text_lower = LowerAscii(target.text);
  std::vector<std::pair<size_t, size_t>> taken_in_title, taken_in_text;
  size_t excerpt_at = std::string::npos, excerpt_length = 0;
  std::vector<const Term*> hits;
  for (size_t index : by_length_) {
    const Term* term = &lexicon_[index];
    int gained = 0;
    if (FreeOccurrence(title_lower, term->text, &taken_in_title) != std::string::npos) {
      gained = 2 * term->weight;
    } else if (const size_t at = FreeOccurrence(text_lower, term->text, &taken_in_text); at != std::string::npos) {
      gained = term->weight;
      if (excerpt_at == std::string::npos || term->weight > hits.front()->weight) {
        excerpt_at = at;
        excerpt_length = term->text.size();
      }
    }
    if (gained == 0) continue;
    sample.lexicon_score += gained;
    hits.push_back(term);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Term* a, const Term* b) { return a->weight > b->weight; });
  for (size_t i = 0; i < hits.size() && i < kMaxTermsKept; ++i)
    sample.lexicon_terms.push_back(pii::SafeText(hits[i]->text));
  if (excerpt_at != std::string::npos) {
    // One line: the page text's line and cell breaks become spaces.
    std::string excerpt = pii::SafeExcerpt(target.text, excerpt_at, excerpt_length, kExcerptContext);
    std::replace_if(
        excerpt.begin(), excerpt.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
    sample.excerpt = pii::SafeText(excerpt);
  }
  return sample;
}

std::vector<db::PageObservation> SecurityInspector::ObservePage(const std::string& url, const Page& page,
                                                                const RuleContext& context) const {
  std::vector<db::PageObservation> out;
  const SiteIdentity site(context, url);
  std::set<std::string> seen;
  size_t hidden = 0;
  for (const PageLink& link : page.links) {
    if (link.hidden_by.empty() || link.url.empty() || hidden >= kMaxObservationsPerPage) continue;
    std::string host;
    if (!IsForeign(link.url, site, &host) || Allowed(host) || !seen.insert(link.url).second) continue;
    ++hidden;
    const std::string how = (link.tag == "a" ? "" : "隐藏的 <" + link.tag + ">：") + link.hidden_by;
    out.push_back(Observation(url, "hidden_link", link.url, how, AnchorOf(link)));
  }
  // Scripts by host: a site that loads twenty files from one CDN has one host to explain.
  std::set<std::string> script_hosts;
  for (const std::string& src : page.script_srcs) {
    std::string host;
    if (script_hosts.size() >= kMaxObservationsPerPage || !IsForeign(src, site, &host) || Allowed(host)) continue;
    if (!script_hosts.insert(host).second) continue;
    out.push_back(Observation(url, "script_src", host, src));
  }
  std::set<std::string> signatures;
  for (const std::string& js : page.inline_scripts) {
    if (signatures.size() >= kMaxObservationsPerPage) break;
    // One finding a script: the strongest sign, with where it sends visitors if it says.
    const std::string lowered = LowerAscii(js);
    std::optional<CodeHit> redirect = ForeignRedirect(js, url, site, *this);
    std::optional<CodeHit> hit = ReferrerRedirect(js, lowered);
    if (hit && redirect) {
      hit->target = redirect->target;
      hit->what += "至 " + redirect->target;
    }
    if (!hit) hit = EvalOverDecoder(js);
    if (!hit) hit = std::move(redirect);
    if (!hit) continue;
    const std::string excerpt = CodeExcerpt(js, hit->at);
    // The same code on every page is one target: its signature and the site it sends visitors
    // to, or a hash of the code around it.
    const std::string target = hit->id + ":" + (hit->target.empty() ? Hex64(Fnv1a64(excerpt)) : SiteKeyOf(hit->target));
    if (!signatures.insert(target).second) continue;
    out.push_back(Observation(url, "inline_script", target, hit->what + "：" + excerpt));
  }
  return out;
}

std::vector<db::PageObservation> SecurityInspector::ObserveCloaking(
    const std::string& url, const std::vector<const Page*>& as_visitor, const Page& as_spider,
    const std::string& visitor_final_url, const std::string& spider_final_url, const RuleContext& context) const {
  std::vector<db::PageObservation> out;
  const SiteIdentity site(context, url);
  // A site whose links rotate (partner banners) shows other links on each view: only sites no
  // visitor's view links to count.
  std::set<std::string> visitor_sites;
  for (const Page* page : as_visitor) {
    for (const PageLink& link : page->links) visitor_sites.insert(SiteKeyOf(link.url));
  }
  std::set<std::string> seen;
  for (const PageLink& link : as_spider.links) {
    if (link.url.empty() || out.size() >= kMaxObservationsPerPage) continue;
    std::string host;
    if (!IsForeign(link.url, site, &host) || Allowed(host) || visitor_sites.count(SiteKeyOf(link.url)) > 0) continue;
    if (!seen.insert(link.url).second) continue;
    out.push_back(Observation(url, "cloaked_link", link.url, "只向搜索引擎爬虫显示的外站链接", AnchorOf(link)));
  }
  if (!spider_final_url.empty() && SiteKeyOf(spider_final_url) != SiteKeyOf(visitor_final_url) &&
      IsForeign(spider_final_url, site)) {
    out.push_back(Observation(url, "cloaked_link", spider_final_url, "只把搜索引擎爬虫跳转到外站"));
  }
  return out;
}

bool SecurityInspector::Wanted(const RulesConfig& config) {
  auto enabled = [&](const std::string& id) {
    if (auto it = config.rules.find(id); it != config.rules.end()) return it->second.enabled;
    if (auto it = config.rules.find("security"); it != config.rules.end()) return it->second.enabled;
    return true;
  };
  for (const char* id : {"security.hijacked_link", "security.link_target_changed", "security.hidden_link",
                         "security.injected_script", "security.cloaking"}) {
    if (enabled(id)) return true;
  }
  return false;
}

}  // namespace govaudit
