// Finding ids as people read them out, and the content hash of evidence.
#include "common/finding.h"

#include <gtest/gtest.h>

#include "common/hash.h"

namespace govaudit {
namespace {

TEST(ShortIdTest, FirstEightHexDigitsInTwoUpperCaseGroups) {
  EXPECT_EQ(ShortId("3f2a9c01deadbeef"), "3F2A-9C01");
  EXPECT_EQ(ShortId("00000000ffffffff"), "0000-0000");
  EXPECT_EQ(ShortId("abc"), "ABC");  // never longer than what it is given
}

TEST(ShortIdTest, TypedIdsBecomeTheHexPrefixTheStoreLooksUp) {
  EXPECT_EQ(IdPrefix("3F2A-9C01"), "3f2a9c01");
  EXPECT_EQ(IdPrefix("3f2a 9c01"), "3f2a9c01");
  EXPECT_EQ(IdPrefix("3f2a9c01deadbeef"), "3f2a9c01deadbeef");
  EXPECT_EQ(IdPrefix(ShortId("3f2a9c01deadbeef")), "3f2a9c01");
  EXPECT_EQ(IdPrefix("3F2A-9C0Z"), "3f2a9c0z");  // not hex: kept, so the lookup can name it
}

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string binary("\x00\xff\x01", 3);
  EXPECT_EQ(Sha256Hex(binary).size(), 64u);
  EXPECT_NE(Sha256Hex(binary), Sha256Hex(std::string("\x00\xff\x02", 3)));
}

}  // namespace
}  // namespace govaudit
