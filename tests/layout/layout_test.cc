// The architecture, checked on the source tree: which folder may include which (dependencies
// one way, no header cycle), where SQL, Gumbo, libzip and poppler may appear, and the size of
// files and functions outside the tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace govaudit {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = GOVAUDIT_SOURCE_DIR;

// Production folders and the folders each may include from (docs/design.md).
const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"config", {}},
      {"pii", {}},
      {"common", {"config"}},
      {"db", {"common"}},
      {"crawler", {"common"}},
      {"page", {"common", "config"}},
      {"extract", {"common"}},
      {"classify", {"page", "common", "config"}},
      {"rules", {"classify", "extract", "page", "pii", "db", "common", "config"}},
      {"assess", {"rules", "classify", "db", "common", "config"}},
      {"report", {"assess", "pii", "db", "common", "config"}},
      {"app", {"report", "assess", "rules", "classify", "extract", "page", "pii", "crawler", "db", "common", "config"}},
  };
  return allowed;
}

struct SourceFile {
  fs::path path;       // relative to the root
  std::string folder;  // first component
  std::string text;
};

std::vector<SourceFile> Sources(const std::set<std::string>& folders) {
  std::vector<SourceFile> out;
  for (const std::string& folder : folders) {
    if (!fs::exists(kRoot / folder)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / folder)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
      if (entry.path().string().find("/fixtures/") != std::string::npos) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      out.push_back({fs::relative(entry.path(), kRoot), folder, buffer.str()});
    }
  }
  return out;
}

std::set<std::string> ProductionFolders() {
  std::set<std::string> folders;
  for (const auto& [folder, deps] : AllowedIncludes()) folders.insert(folder);
  return folders;
}

std::vector<std::string> QuotedIncludes(const std::string& text) {
  static const std::regex include(R"re(^\s*#\s*include\s+"([^"]+)")re", std::regex::multiline);
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

TEST(LayoutTest, FoldersIncludeOnlyTheLayersBelowThem) {
  for (const SourceFile& f : Sources(ProductionFolders())) {
    const std::set<std::string>& allowed = AllowedIncludes().at(f.folder);
    for (const std::string& inc : QuotedIncludes(f.text)) {
      const std::string folder = inc.substr(0, inc.find('/'));
      if (folder == f.folder || inc.find('/') == std::string::npos) continue;
      EXPECT_TRUE(allowed.count(folder)) << f.path << " includes " << inc;
      // Another folder's internals stay private to it.
      EXPECT_EQ(inc.find("/internal/"), std::string::npos) << f.path << " includes " << inc;
    }
  }
}

TEST(LayoutTest, NoHeaderIncludesItselfThroughOthers) {
  std::map<std::string, std::vector<std::string>> graph;
  for (const SourceFile& f : Sources(ProductionFolders())) {
    if (f.path.extension() == ".h") graph[f.path.string()] = QuotedIncludes(f.text);
  }
  std::map<std::string, int> state;  // 0 new, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::function<void(const std::string&)> visit = [&](const std::string& h) {
    state[h] = 1;
    stack.push_back(h);
    for (const std::string& next : graph[h]) {
      if (!graph.count(next)) continue;
      if (state[next] == 1) {
        std::string cycle;
        for (auto it = std::find(stack.begin(), stack.end(), next); it != stack.end(); ++it) cycle += *it + " -> ";
        ADD_FAILURE() << "header cycle: " << cycle << next;
      } else if (state[next] == 0) {
        visit(next);
      }
    }
    stack.pop_back();
    state[h] = 2;
  };
  for (const auto& [h, includes] : graph) {
    if (state[h] == 0) visit(h);
  }
}

// A library used in one folder only: everything else reaches it through that folder.
void ExpectOnlyIn(const std::regex& pattern, const std::set<std::string>& owners, const char* what) {
  std::set<std::string> folders = ProductionFolders();
  folders.insert("tests");
  for (const SourceFile& f : Sources(folders)) {
    if (f.path.parent_path() == "tests/layout") continue;  // this file names them
    if (owners.count(f.folder) || (f.folder == "tests" && owners.count(f.path.parent_path().filename().string()))) {
      continue;
    }
    EXPECT_FALSE(std::regex_search(f.text, pattern)) << what << " in " << f.path;
  }
}

TEST(LayoutTest, SqlOnlyInTheStore) {
  ExpectOnlyIn(std::regex(R"(sqlite3_|<sqlite3\.h>|"(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA) )"), {"db"}, "SQL");
  // libpq too: PQconnectdb, PQexec and the rest are the PostgreSQL store's alone.
  ExpectOnlyIn(std::regex(R"(<libpq-fe\.h>|\bPQ[a-z]+[A-Za-z]*\()"), {"db"}, "libpq");
}

TEST(LayoutTest, GumboOnlyInThePageModel) { ExpectOnlyIn(std::regex(R"(gumbo\.h|gumbo_)"), {"page"}, "Gumbo"); }

TEST(LayoutTest, LibzipAndPopplerOnlyInTheExtractors) {
  ExpectOnlyIn(std::regex(R"(<zip\.h>|poppler)"), {"extract"}, "libzip or poppler");
}

TEST(LayoutTest, NoSourceFileOver800Lines) {
  for (const SourceFile& f : Sources(ProductionFolders())) {
    const size_t lines = static_cast<size_t>(std::count(f.text.begin(), f.text.end(), '\n'));
    EXPECT_LE(lines, 800u) << f.path;
  }
}

// The text with comments, string and character literals blanked, so braces in them do not count.
std::string CodeOnly(const std::string& text) {
  std::string out = text;
  enum { kCode, kLine, kBlock, kString, kChar, kRaw } mode = kCode;
  std::string raw_end;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = text[i];
    char n = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (mode) {
      case kCode:
        if (c == '/' && n == '/') mode = kLine;
        else if (c == '/' && n == '*') mode = kBlock;
        else if (c == 'R' && n == '"') {
          size_t open = text.find('(', i + 2);
          raw_end = ")" + text.substr(i + 2, open - i - 2) + "\"";
          mode = kRaw;
          i = open;
          continue;
        } else if (c == '"') mode = kString;
        // A quote between digits separates them (10'000); any other starts a character literal.
        else if (c == '\'' && !(i > 0 && std::isdigit(static_cast<unsigned char>(text[i - 1])) && std::isdigit(n)))
          mode = kChar;
        continue;
      case kLine:
        if (c == '\n') mode = kCode;
        break;
      case kBlock:
        if (c == '*' && n == '/') {
          out[i] = out[i + 1] = ' ';
          ++i;
          mode = kCode;
          continue;
        }
        break;
      case kString:
      case kChar:
        if (c == '\\') {
          out[i] = ' ';
          if (i + 1 < out.size() && out[i + 1] != '\n') out[++i] = ' ';
          continue;
        }
        if ((mode == kString && c == '"') || (mode == kChar && c == '\'')) {
          mode = kCode;
          continue;
        }
        break;
      case kRaw:
        if (text.compare(i, raw_end.size(), raw_end) == 0) {
          i += raw_end.size() - 1;
          mode = kCode;
          continue;
        }
        break;
    }
    if (c != '\n') out[i] = ' ';
  }
  return out;
}

struct Function {
  size_t first_line;
  size_t lines;
  std::string head;
};

// Bodies that open after a parameter list: functions, methods, lambdas' enclosing functions.
// Blocks of namespaces, classes, enums and initialisers are walked through.
std::vector<Function> Functions(const std::string& text) {
  const std::string code = CodeOnly(text);
  std::vector<Function> out;
  struct Open {
    bool function;
    size_t line;
    std::string head;
  };
  std::vector<Open> stack;
  size_t line = 1, statement_start = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '\n') ++line;
    if (c == ';' || c == '}') statement_start = i + 1;
    if (c == '{') {
      std::string head = code.substr(statement_start, i - statement_start);
      size_t last = head.find_last_not_of(" \n\t");
      bool inside_function = std::any_of(stack.begin(), stack.end(), [](const Open& o) { return o.function; });
      bool looks_like = last != std::string::npos &&
                        (head[last] == ')' || head.compare(last >= 4 ? last - 4 : 0, 5, "const") == 0 ||
                         head.compare(last >= 7 ? last - 7 : 0, 8, "noexcept") == 0 ||
                         head.compare(last >= 7 ? last - 7 : 0, 8, "override") == 0) &&
                        head.find("namespace") == std::string::npos;
      stack.push_back({!inside_function && looks_like, line, head});
      statement_start = i + 1;
    } else if (c == '}' && !stack.empty()) {
      Open open = stack.back();
      stack.pop_back();
      if (open.function) out.push_back({open.line, line - open.line + 1, open.head});
    }
  }
  return out;
}

TEST(LayoutTest, NoFunctionOver120Lines) {
  for (const SourceFile& f : Sources(ProductionFolders())) {
    for (const Function& fn : Functions(f.text)) {
      std::string head = fn.head;
      head.erase(0, head.find_first_not_of(" \n\t"));
      EXPECT_LE(fn.lines, 120u) << f.path << ":" << fn.first_line << " " << head.substr(0, 80);
    }
  }
}

TEST(LayoutTest, FunctionCounterSeesFunctions) {
  const std::string text =
      "namespace a {\nint F(int x) {\n  if (x) {\n    return 1;\n  }\n  return 0;\n}\n"
      "struct S {\n  void G() const {\n    auto l = [] { return 2; };\n  }\n};\n}\n";
  std::vector<Function> fns = Functions(text);
  ASSERT_EQ(fns.size(), 2u);
  EXPECT_EQ(fns[0].lines, 6u);
  EXPECT_EQ(fns[1].lines, 3u);
}

}  // namespace
}  // namespace govaudit
