#include "common/toml.h"

namespace govaudit {

StatusOr<toml::table> ParseToml(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Status::Error(std::string(source) + ":" + std::to_string(e.source().begin.line) + ": " +
                         std::string(e.description()));
  }
}

TomlReader::TomlReader(const toml::table& table, std::string file, std::string prefix, std::string hint,
                       int fallback_line)
    : table_(table),
      file_(std::move(file)),
      prefix_(std::move(prefix)),
      hint_(std::move(hint)),
      fallback_line_(fallback_line) {}

int TomlReader::LineOf(const toml::node& node) const {
  int line = static_cast<int>(node.source().begin.line);
  return line > 0 ? line : fallback_line_;
}

Status TomlReader::Error(const toml::node& node, std::string_view key, std::string_view what) const {
  return Status::Error(file_ + ":" + std::to_string(LineOf(node)) + ": key '" + prefix_ + std::string(key) +
                       "': " + std::string(what));
}

Status TomlReader::Missing(std::string_view key, std::string_view what) const { return Error(table_, key, what); }

const toml::node* TomlReader::Node(std::string_view key) {
  used_.insert(std::string(key));
  return table_.get(key);
}

Status TomlReader::String(std::string_view key, std::string* out, bool required) {
  const toml::node* node = Node(key);
  if (node == nullptr) return required ? Missing(key, "missing" + hint_) : Status::Ok();
  if (!node->is_string()) return Error(*node, key, "expected a string");
  *out = node->as_string()->get();
  if (required && out->empty()) return Error(*node, key, "must not be empty");
  return Status::Ok();
}

Status TomlReader::Strings(std::string_view key, std::vector<std::string>* out, bool allow_empty) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  const char* expected = allow_empty ? "expected an array of strings" : "expected an array of non-empty strings";
  const toml::array* array = node->as_array();
  if (array == nullptr) return Error(*node, key, "expected an array of strings");
  std::vector<std::string> values;
  for (const toml::node& item : *array) {
    if (!item.is_string() || (!allow_empty && item.as_string()->get().empty())) return Error(item, key, expected);
    values.push_back(item.as_string()->get());
  }
  *out = std::move(values);
  return Status::Ok();
}

Status TomlReader::OneOrMore(std::string_view key, std::vector<std::string>* out) {
  const toml::node* node = Node(key);
  if (node != nullptr && node->is_string()) {
    if (node->as_string()->get().empty()) return Error(*node, key, "must not be empty");
    *out = {node->as_string()->get()};
    return Status::Ok();
  }
  if (node != nullptr && !node->is_array()) return Error(*node, key, "expected a string or an array of strings");
  return Strings(key, out);
}

Status TomlReader::Pairs(std::string_view key, std::vector<std::pair<std::string, std::string>>* out,
                         std::string_view shape) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  const std::string expected = "expected an array of " + std::string(shape) + " pairs";
  const toml::array* array = node->as_array();
  if (array == nullptr) return Error(*node, key, expected);
  std::vector<std::pair<std::string, std::string>> values;
  for (const toml::node& item : *array) {
    const toml::array* pair = item.as_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
      return Error(item, key, expected);
    }
    values.emplace_back((*pair)[0].as_string()->get(), (*pair)[1].as_string()->get());
  }
  *out = std::move(values);
  return Status::Ok();
}

Status TomlReader::Bool(std::string_view key, bool* out) {
  std::optional<bool> value;
  RETURN_IF_ERROR(Bool(key, &value));
  if (value) *out = *value;
  return Status::Ok();
}

Status TomlReader::Bool(std::string_view key, std::optional<bool>* out) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  if (!node->is_boolean()) return Error(*node, key, "expected true or false");
  *out = node->as_boolean()->get();
  return Status::Ok();
}

Status TomlReader::Int(std::string_view key, int* out, int min, int max) {
  long value = *out;
  RETURN_IF_ERROR(Int(key, &value, min, max));
  *out = static_cast<int>(value);
  return Status::Ok();
}

Status TomlReader::Int(std::string_view key, long* out, long min, long max) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  if (!node->is_integer()) return Error(*node, key, "expected an integer");
  int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    return Error(*node, key,
                 "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     std::to_string(value));
  }
  *out = static_cast<long>(value);
  return Status::Ok();
}

namespace {
std::string FormatNumber(double v) {
  std::string s = std::to_string(v);
  // 0.100000 -> 0.1; 600.000000 -> 600
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}
}  // namespace

Status TomlReader::Number(std::string_view key, double* out, double min, double max) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  double value;
  if (node->is_integer()) {
    value = static_cast<double>(node->as_integer()->get());
  } else if (node->is_floating_point()) {
    value = node->as_floating_point()->get();
  } else {
    return Error(*node, key, "expected a number");
  }
  if (value < min || value > max) {
    return Error(*node, key,
                 "must be between " + FormatNumber(min) + " and " + FormatNumber(max) + ", got " + FormatNumber(value));
  }
  *out = value;
  return Status::Ok();
}

Status TomlReader::DateValue(std::string_view key, std::optional<Date>* out) {
  const toml::node* node = Node(key);
  if (node == nullptr) return Status::Ok();
  Date date;
  RETURN_IF_ERROR(DateOf(*node, key, &date));
  *out = date;
  return Status::Ok();
}

Status TomlReader::DateOf(const toml::node& node, std::string_view key, Date* out) const {
  if (const auto* d = node.as_date()) {
    const toml::date& v = d->get();
    if (!IsValidDate(v.year, v.month, v.day)) return Error(node, key, "not a real date");
    *out = Date{v.year, v.month, v.day};
    return Status::Ok();
  }
  if (node.is_string()) {
    if (auto parsed = ParseIsoDate(node.as_string()->get())) {
      *out = *parsed;
      return Status::Ok();
    }
    return Error(node, key, "'" + node.as_string()->get() + "' is not a YYYY-MM-DD date");
  }
  return Error(node, key, "expected a date like 2022-10-31");
}

StatusOr<const toml::table*> TomlReader::Table(std::string_view key) {
  const toml::node* node = Node(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (!node->is_table()) return Error(*node, key, "expected a table");
  return node->as_table();
}

TomlReader TomlReader::Sub(const toml::table& table, std::string_view key) const {
  return TomlReader(table, file_, prefix_ + std::string(key) + ".", hint_, LineOf(table));
}

Status TomlReader::CheckUnknown() const {
  for (const auto& [key, node] : table_) {
    if (used_.count(key.str()) == 0) return Error(node, key.str(), "unknown key" + hint_);
  }
  return Status::Ok();
}

}  // namespace govaudit
