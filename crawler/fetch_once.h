// One URL fetched outside a crawl, as another client would ask for it: the home page as a
// search engine's crawler sees it (a site that shows Baiduspider links it hides from
// visitors is cloaking). Same rules as the crawl: the address policy on every connection,
// redirects followed hop by hop (at most max_redirects, http and https only), the body cut at
// max_body_bytes, the crawl's timeouts.
#pragma once

#include <string>

#include "crawler/crawler.h"

namespace govaudit {

// The User-Agent Baidu's crawler sends (https://www.baidu.com/search/spider.html).
inline constexpr const char* kBaiduspiderUserAgent =
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)";

// Fetches `url` with `user_agent` (empty: options.user_agent). Blocking; never fails: what
// went wrong is in the result's error fields, as for a crawled page.
FetchResult FetchOnce(const std::string& url, const CrawlOptions& options, const std::string& user_agent);

}  // namespace govaudit
