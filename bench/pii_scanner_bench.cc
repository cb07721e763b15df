// Throughput of the PII scanner on generated Chinese page text: prose with dates,
// amounts, document and contract numbers, landlines, masked values, table blocks, and
// real hits (IDs, mobiles, bank cards with context, home addresses). Goal: >= 400 MB/s
// per core.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pii/scanner.h"

namespace govaudit::pii {
namespace {

constexpr size_t kCorpusBytes = size_t{104} << 20;  // >= 100 MB
constexpr size_t kPageBytes = 48 << 10;

std::string IdWithCheck(const std::string& first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return first17 + "10X98765432"[sum % 11];
}

std::string WithLuhn(const std::string& partial) {
  int sum = 0;
  for (size_t i = 0; i < partial.size(); ++i) {
    int v = partial[partial.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return partial + static_cast<char>('0' + (10 - sum % 10) % 10);
}

class CorpusGenerator {
 public:
  explicit CorpusGenerator(uint32_t seed) : rng_(seed) {}

  std::string Generate(size_t bytes) {
    std::string out;
    out.reserve(bytes + 4096);
    while (out.size() < bytes) {
      if (Pick(12) == 0) {
        AppendTable(out);
      } else {
        AppendParagraph(out);
      }
    }
    return out;
  }

 private:
  size_t Pick(size_t n) { return rng_() % n; }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Pick(10));
    return s;
  }
  std::string Id() {
    static const char* kAreas[] = {"640521", "110101", "320102", "440305", "510104", "370202"};
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d%02d%02d", 1940 + static_cast<int>(Pick(70)),
                  1 + static_cast<int>(Pick(12)), 1 + static_cast<int>(Pick(28)));
    return IdWithCheck(std::string(kAreas[Pick(6)]) + birth + Digits(3));
  }
  std::string Mobile() { return "1" + std::to_string(3 + Pick(7)) + Digits(9); }
  std::string Card() { return WithLuhn("6222" + Digits(11 + static_cast<int>(Pick(2)) * 3)); }

  void AppendParagraph(std::string& out) {
    static const char* kProse[] = {
        "为进一步加强政务公开工作，切实保障人民群众的知情权、参与权和监督权，",
        "根据《中华人民共和国政府信息公开条例》有关规定，结合我县实际，",
        "现将有关事项通知如下，请各乡镇人民政府、县直各部门认真贯彻落实。",
        "经研究决定，对符合条件的农户发放耕地地力保护补贴，",
        "各单位要高度重视，明确责任分工，确保各项工作任务按期完成。",
        "特此公告。", "以上内容公示期为五个工作日，",
        "如有异议，请在公示期内向县农业农村局反映。",
    };
    static const char* kDecoys[] = {
        "发布日期：2023-05-24，", "成文日期：2022年5月24日，", "文号：平政发〔2023〕12号，",
        "补贴资金共计1234567.89元，", "索引号：640521001/2023-00123，",
        "合同编号：20230524000012345678，", "联系电话：0952-6012345，", "服务热线：12345，",
        "客服电话400-800-1234，", "统一社会信用代码：91640500MA76ABCD1X，",
        "身份证号640521********1234，", "手机139****5678，", "办公地址：平罗县鼓楼南街8号，",
        "第３号文件，", "项目编号PLX-2023-0017，", "订单号202305241530001234，",
    };
    const int sentences = 3 + static_cast<int>(Pick(8));
    for (int s = 0; s < sentences; ++s) {
      out += kProse[Pick(8)];
      if (Pick(2) == 0) out += kDecoys[Pick(16)];
      switch (Pick(40)) {
        case 0: out += "申请人身份证号" + Id() + "，"; break;
        case 1: out += "联系人手机" + Mobile() + "，"; break;
        case 2: out += "补贴打入银行卡号" + Card() + "，"; break;
        case 3: out += "家庭住址：平罗县姚伏镇小店子村" + std::to_string(1 + Pick(9)) + "组，"; break;
        default: break;
      }
    }
    out += '\n';
  }

  void AppendTable(std::string& out) {
    out += "序号\t姓名\t身份证号\t家庭住址\t银行卡号\t补贴金额（元）\t联系电话\n";
    const int rows = 5 + static_cast<int>(Pick(30));
    for (int r = 1; r <= rows; ++r) {
      const bool masked = Pick(3) != 0;
      out += std::to_string(r) + "\t张*\t";
      out += masked ? "640521********" + Digits(4) : Id();
      out += masked ? "\t平罗县姚伏镇***\t" : "\t平罗县姚伏镇小店子村3组\t";
      out += masked ? "6222********" + Digits(4) : Card();
      out += "\t" + std::to_string(100 + Pick(5000)) + ".00\t";
      out += masked ? "139****" + Digits(4) : Mobile();
      out += '\n';
    }
  }

  std::mt19937 rng_;
};

const std::string& Corpus() {
  static const std::string* corpus = new std::string(CorpusGenerator(20240524).Generate(kCorpusBytes));
  return *corpus;
}

void BM_ScanTextWholeCorpus(benchmark::State& state) {
  const std::string& text = Corpus();
  size_t hits = 0;
  for (auto _ : state) {
    auto found = ScanText(text);
    hits = found.size();
    benchmark::DoNotOptimize(found.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["hits"] = static_cast<double>(hits);
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_ScanTextWholeCorpus)->Unit(benchmark::kMillisecond);

// The way the rules call it: one page at a time.
void BM_ScanTextPerPage(benchmark::State& state) {
  const std::string& text = Corpus();
  std::vector<std::string_view> pages;
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(text.size(), at + kPageBytes);
    while (end < text.size() && text[end] != '\n') ++end;  // pages end on a block
    pages.emplace_back(text.data() + at, end - at);
    at = end;
  }
  for (auto _ : state) {
    size_t hits = 0;
    for (std::string_view page : pages) hits += ScanText(page).size();
    benchmark::DoNotOptimize(hits);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ScanTextPerPage)->Unit(benchmark::kMillisecond);

// Evidence excerpts for every hit of one page.
void BM_SafeExcerptPerHit(benchmark::State& state) {
  const std::string_view page(Corpus().data(), 1 << 20);
  const auto hits = ScanText(page);
  for (auto _ : state) {
    size_t bytes = 0;
    for (const PiiHit& h : hits) bytes += SafeExcerpt(page, h.offset, h.length).size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(hits.size()));
}
BENCHMARK(BM_SafeExcerptPerHit)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace govaudit::pii

BENCHMARK_MAIN();
