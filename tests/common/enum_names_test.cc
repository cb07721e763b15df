#include "common/enum_names.h"

#include <gtest/gtest.h>

#include <string_view>

namespace govaudit {
namespace {

enum class Light { kRed, kAmber, kGreen };

constexpr EnumName<Light> kLightNames[] = {
    {Light::kAmber, "amber", "黄灯"},
    {Light::kRed, "red", "红灯"},
    {Light::kGreen, "green", ""},
};

TEST(EnumNamesTest, EachValueHasItsRowAndAnUnknownValueTheFirst) {
  EXPECT_EQ(NameOf(kLightNames, Light::kRed).id, "red");
  EXPECT_EQ(NameOf(kLightNames, Light::kRed).label, "红灯");
  EXPECT_EQ(NameOf(kLightNames, Light::kGreen).id, "green");
  EXPECT_EQ(NameOf(kLightNames, static_cast<Light>(7)).id, "amber");
}

TEST(EnumNamesTest, ParsesIdsAndLabelsButNotAnEmptyLabel) {
  EXPECT_EQ(ValueNamed(kLightNames, "amber"), Light::kAmber);
  EXPECT_EQ(ValueNamed(kLightNames, "红灯"), Light::kRed);
  EXPECT_EQ(ValueNamed(kLightNames, ""), std::nullopt);
  EXPECT_EQ(ValueNamed(kLightNames, "Red"), std::nullopt);
}

static_assert(NameOf(kLightNames, Light::kGreen).id == "green", "the lookup works at compile time");

}  // namespace
}  // namespace govaudit
