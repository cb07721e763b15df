// The fetch-and-parse baseline: the irreducible work of an audit, and nothing else. libcurl
// multi fetches every page of a site with the same number of transfers as the audit, Gumbo
// parses each body on as many threads as the audit's parser threads, and every <a href> is
// resolved (curl's URL API) and followed once when it stays on the start URL's host. No
// decoding, rules, store or reports: an audit cannot be faster than this on the same machine.
// Usage: fetch_parse_baseline START_URL [TRANSFERS] [THREADS]
// Prints pages, wall and CPU seconds, and pages/s on one line.
#include <curl/curl.h>
#include <gumbo.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct Page {
  std::string url;
  std::string body;
};

// Pages fetched and waiting for a parser thread, and links found and waiting for the fetcher.
class Queues {
 public:
  void PushPage(Page page) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pages_.push_back(std::move(page));
    }
    has_page_.notify_one();
  }
  // False when the fetcher is done and nothing is left.
  bool PopPage(Page* page) {
    std::unique_lock<std::mutex> lock(mutex_);
    has_page_.wait(lock, [&] { return !pages_.empty() || closing_; });
    if (pages_.empty()) return false;
    *page = std::move(pages_.front());
    pages_.pop_front();
    ++parsing_;
    return true;
  }
  void DoneParsing(std::vector<std::string> links) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (std::string& l : links) links_.push_back(std::move(l));
    --parsing_;
  }
  // Links found since the last call; *idle is true when no page is queued or being parsed.
  std::vector<std::string> TakeLinks(bool* idle) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out(links_.begin(), links_.end());
    links_.clear();
    *idle = pages_.empty() && parsing_ == 0;
    return out;
  }
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    has_page_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable has_page_;
  std::deque<Page> pages_;
  std::deque<std::string> links_;
  int parsing_ = 0;
  bool closing_ = false;
};

void CollectHrefs(const GumboNode* node, std::vector<std::string>* hrefs) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  if (node->v.element.tag == GUMBO_TAG_A) {
    if (const GumboAttribute* href = gumbo_get_attribute(&node->v.element.attributes, "href")) {
      hrefs->push_back(href->value);
    }
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) CollectHrefs(static_cast<const GumboNode*>(children.data[i]), hrefs);
}

// Parses a page and returns its links resolved against its URL, fragment dropped, same host only.
std::vector<std::string> ParseAndResolve(const Page& page, const std::string& host) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.body.data(), page.body.size());
  std::vector<std::string> hrefs;
  CollectHrefs(out->root, &hrefs);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  std::vector<std::string> links;
  for (const std::string& href : hrefs) {
    CurlUrl u(curl_url());
    if (curl_url_set(u.get(), CURLUPART_URL, page.url.c_str(), 0) != CURLUE_OK) continue;
    if (curl_url_set(u.get(), CURLUPART_URL, href.c_str(), 0) != CURLUE_OK) continue;
    curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
    char* h = nullptr;
    char* full = nullptr;
    if (curl_url_get(u.get(), CURLUPART_HOST, &h, 0) == CURLUE_OK && host == h &&
        curl_url_get(u.get(), CURLUPART_URL, &full, 0) == CURLUE_OK) {
      links.emplace_back(full);
    }
    curl_free(h);
    curl_free(full);
  }
  return links;
}

size_t Append(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

struct Transfer {
  CURL* easy = nullptr;
  std::string url;
  std::string body;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fetch_parse_baseline START_URL [TRANSFERS] [THREADS]\n");
    return 2;
  }
  const std::string start = argv[1];
  const int transfers = argc > 2 ? std::atoi(argv[2]) : 16;
  const int threads = argc > 3 ? std::atoi(argv[3]) : static_cast<int>(std::thread::hardware_concurrency());
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::string host;
  {
    CurlUrl u(curl_url());
    char* h = nullptr;
    if (curl_url_set(u.get(), CURLUPART_URL, start.c_str(), 0) != CURLUE_OK ||
        curl_url_get(u.get(), CURLUPART_HOST, &h, 0) != CURLUE_OK) {
      std::fprintf(stderr, "not a URL: %s\n", start.c_str());
      return 2;
    }
    host = h;
    curl_free(h);
  }

  const auto t0 = std::chrono::steady_clock::now();
  Queues queues;
  std::vector<std::thread> parsers;
  for (int t = 0; t < threads; ++t) {
    parsers.emplace_back([&] {
      Page page;
      while (queues.PopPage(&page)) queues.DoneParsing(ParseAndResolve(page, host));
    });
  }

  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(transfers));
  std::unordered_set<std::string> seen{start};
  std::deque<std::string> frontier{start};
  std::vector<std::unique_ptr<Transfer>> pool;
  std::vector<Transfer*> idle;
  for (int i = 0; i < transfers; ++i) {
    pool.push_back(std::make_unique<Transfer>());
    pool.back()->easy = curl_easy_init();
    idle.push_back(pool.back().get());
  }
  size_t fetched = 0;
  int running = 0;
  for (;;) {
    bool parsers_idle = false;
    for (std::string& link : queues.TakeLinks(&parsers_idle)) {
      if (seen.insert(link).second) frontier.push_back(std::move(link));
    }
    while (!idle.empty() && !frontier.empty()) {
      Transfer* t = idle.back();
      idle.pop_back();
      t->url = std::move(frontier.front());
      frontier.pop_front();
      t->body.clear();
      curl_easy_setopt(t->easy, CURLOPT_URL, t->url.c_str());
      curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, Append);
      curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, &t->body);
      curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
      curl_easy_setopt(t->easy, CURLOPT_ACCEPT_ENCODING, "");
      curl_multi_add_handle(multi, t->easy);
      ++running;
    }
    if (running == 0 && frontier.empty()) {
      if (parsers_idle) break;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      continue;
    }
    int still = 0;
    curl_multi_perform(multi, &still);
    curl_multi_poll(multi, nullptr, 0, 5, nullptr);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      long status = 0;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      curl_multi_remove_handle(multi, msg->easy_handle);
      --running;
      if (msg->data.result == CURLE_OK && status == 200) {
        ++fetched;
        queues.PushPage(Page{t->url, std::move(t->body)});
      }
      idle.push_back(t);
    }
  }
  queues.Close();
  for (std::thread& t : parsers) t.join();
  for (auto& t : pool) curl_easy_cleanup(t->easy);
  curl_multi_cleanup(multi);
  curl_global_cleanup();

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
                     usage.ru_stime.tv_usec / 1e6;
  std::printf("pages=%zu transfers=%d threads=%d wall_s=%.2f pages_per_s=%.0f cpu_s=%.2f\n", fetched, transfers,
              threads, wall, fetched / wall, cpu);
  return 0;
}
