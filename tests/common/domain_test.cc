#include "common/domain.h"

#include <gtest/gtest.h>

namespace govaudit {
namespace {

TEST(DomainTest, RegistrableDomainFollowsThePublicSuffixList) {
  EXPECT_EQ(RegistrableDomain("zwgk.beijing.gov.cn"), "beijing.gov.cn");
  EXPECT_EQ(RegistrableDomain("www.gov.cn"), "www.gov.cn");
  EXPECT_EQ(RegistrableDomain("www.example.com.cn"), "example.com.cn");
  EXPECT_EQ(RegistrableDomain("a.b.example.com"), "example.com");
  EXPECT_EQ(RegistrableDomain("www.xn--fiqs8s"), "www.xn--fiqs8s");  // 中国 is a public suffix
  EXPECT_EQ(RegistrableDomain("localhost"), "localhost");
  EXPECT_EQ(RegistrableDomain("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(RegistrableDomain("[::1]"), "[::1]");
  EXPECT_EQ(RegistrableDomain("gov.cn"), "gov.cn");
}

TEST(DomainTest, SiteKeyTellsAddressesApartByPort) {
  EXPECT_EQ(SiteKeyOf("https://zwgk.shifan.gov.cn/a.html"), "shifan.gov.cn");
  EXPECT_EQ(SiteKeyOf("http://WWW.Shifan.gov.cn:8080/"), "shifan.gov.cn");
  EXPECT_EQ(SiteKeyOf("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
  EXPECT_EQ(SiteKeyOf("http://127.0.0.1/x"), "127.0.0.1:80");
  EXPECT_EQ(SiteKeyOf("https://127.0.0.1/x"), "127.0.0.1:443");
  EXPECT_EQ(SiteKeyOf("javascript:void(0)"), "");
}

TEST(DomainTest, GovernmentHostsByTheirRestrictedSuffixes) {
  for (const char* host :
       {"www.gov.cn", "www.shifan.gov.cn", "www.xn--zfr164b.cn", "www.pku.edu.cn", "www.usa.gov", "www.gov.hk"}) {
    EXPECT_TRUE(IsGovernmentHost(host)) << host;
  }
  for (const char* host : {"gov.cn", "www.gov.cn.example.com", "www.govcn.com", "www.example.com.cn", "mygov.cn",
                           "127.0.0.1", "www.egov.com"}) {
    EXPECT_FALSE(IsGovernmentHost(host)) << host;
  }
}

}  // namespace
}  // namespace govaudit
