// Expected disclosure metadata (page/page.h's DisclosureMeta), field by field: a test names only
// the fields it judges, with designated initializers in the struct's order.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "common/date.h"
#include "page/page.h"

namespace govaudit::testing {

// Each field that is set is compared; the others are not looked at.
struct ExpectedMeta {
  std::optional<std::string> index_no = std::nullopt;
  std::optional<std::string> issuer = std::nullopt;
  std::optional<std::string> written_date_text = std::nullopt;
  std::optional<Date> written_date = std::nullopt;
  std::optional<std::string> publish_date_text = std::nullopt;
  std::optional<Date> publish_date = std::nullopt;
  std::optional<std::string> doc_number = std::nullopt;
  std::optional<std::string> topic = std::nullopt;
  std::optional<bool> has_validity_label = std::nullopt;
  std::optional<std::string> validity = std::nullopt;
  std::optional<std::string> expiry_date_text = std::nullopt;
  std::optional<Date> expiry_date = std::nullopt;
  std::optional<std::string> source = std::nullopt;
  std::optional<std::string> column_name = std::nullopt;
  std::optional<std::string> site_id_code = std::nullopt;
};

inline void ExpectMeta(const DisclosureMeta& m, const ExpectedMeta& want) {
  if (want.index_no) {
    EXPECT_EQ(m.index_no, *want.index_no);
  }
  if (want.issuer) {
    EXPECT_EQ(m.issuer, *want.issuer);
  }
  if (want.written_date_text) {
    EXPECT_EQ(m.written_date_text, *want.written_date_text);
  }
  if (want.written_date) {
    EXPECT_EQ(m.written_date, *want.written_date);
  }
  if (want.publish_date_text) {
    EXPECT_EQ(m.publish_date_text, *want.publish_date_text);
  }
  if (want.publish_date) {
    EXPECT_EQ(m.publish_date, *want.publish_date);
  }
  if (want.doc_number) {
    EXPECT_EQ(m.doc_number, *want.doc_number);
  }
  if (want.topic) {
    EXPECT_EQ(m.topic, *want.topic);
  }
  if (want.has_validity_label) {
    EXPECT_EQ(m.has_validity_label, *want.has_validity_label);
  }
  if (want.validity) {
    EXPECT_EQ(m.validity, *want.validity);
  }
  if (want.expiry_date_text) {
    EXPECT_EQ(m.expiry_date_text, *want.expiry_date_text);
  }
  if (want.expiry_date) {
    EXPECT_EQ(m.expiry_date, *want.expiry_date);
  }
  if (want.source) {
    EXPECT_EQ(m.source, *want.source);
  }
  if (want.column_name) {
    EXPECT_EQ(m.column_name, *want.column_name);
  }
  if (want.site_id_code) {
    EXPECT_EQ(m.site_id_code, *want.site_id_code);
  }
}

}  // namespace govaudit::testing
