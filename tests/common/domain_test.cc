#include "common/domain.h"

#include <gtest/gtest.h>

#include "tests/support/expect_results.h"

namespace govaudit {
namespace {

TEST(DomainTest, RegistrableDomainFollowsThePublicSuffixList) {
  testing::ExpectResults(RegistrableDomain, {
                                                {"zwgk.beijing.gov.cn", "beijing.gov.cn"},
                                                {"www.gov.cn", "www.gov.cn"},
                                                {"www.example.com.cn", "example.com.cn"},
                                                {"a.b.example.com", "example.com"},
                                                {"www.xn--fiqs8s", "www.xn--fiqs8s"},  // 中国 is a public suffix
                                                {"localhost", "localhost"},
                                                {"127.0.0.1", "127.0.0.1"},
                                                {"[::1]", "[::1]"},
                                                {"gov.cn", "gov.cn"},
                                            });
}

TEST(DomainTest, SiteKeyTellsAddressesApartByPort) {
  testing::ExpectResults(SiteKeyOf, {
                                        {"https://zwgk.shifan.gov.cn/a.html", "shifan.gov.cn"},
                                        {"http://WWW.Shifan.gov.cn:8080/", "shifan.gov.cn"},
                                        {"http://127.0.0.1:8080/x", "127.0.0.1:8080"},
                                        {"http://127.0.0.1/x", "127.0.0.1:80"},
                                        {"https://127.0.0.1/x", "127.0.0.1:443"},
                                        {"javascript:void(0)", ""},
                                    });
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
