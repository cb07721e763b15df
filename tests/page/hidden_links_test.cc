// PageLink::hidden_by: every way a template hides a link (暗链) from a visitor, and the ways a
// visible or only conditionally hidden link must not be taken for one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "page/page.h"
#include "tests/support/test_names.h"

namespace govaudit {
namespace {

using ::testing::ElementsAre;
using ::testing::Ne;

constexpr char kUrl[] = "https://www.shifan.gov.cn/index.html";
constexpr char kSpam[] = "http://www.spam-casino.com/";

struct Case {
  Case(std::string n, std::string h, std::string b, std::string hidden, std::string after = "")
      : name(std::move(n)),
        head(std::move(h)),
        body(std::move(b)),
        hidden_by(std::move(hidden)),
        after_html(std::move(after)) {}
  std::string name;
  std::string head;        // inside <head>
  std::string body;        // inside <body>; the link to kSpam is the one looked at
  std::string hidden_by;   // substring expected in hidden_by; empty: the link is visible
  std::string after_html;  // after </html>
};

const PageLink* SpamLink(const Page& page) {
  for (const PageLink& link : page.links) {
    if (link.url == kSpam) return &link;
  }
  return nullptr;
}

// What hides each link of the page, in document order ("" for a visible one).
std::vector<std::string> HiddenBy(const Page& page) {
  std::vector<std::string> out;
  for (const PageLink& link : page.links) out.push_back(link.hidden_by);
  return out;
}

const std::string kLink = std::string("<a href=\"") + kSpam + "\">博彩</a>";

std::vector<Case> Cases() {
  return {
      // Hidden.
      {"inline display none", "", "<div style=\"display:none\">" + kLink + "</div>", "display:none（行内样式）"},
      {"inline on the anchor", "", std::string("<a style='DISPLAY: NONE !important' href='") + kSpam + "'>x</a>",
       "display:none（行内样式）"},
      {"visibility hidden", "", "<span style=\"visibility:hidden\">" + kLink + "</span>", "visibility:hidden"},
      {"font size zero", "", "<p style=\"font-size:0px\">" + kLink + "</p>", "font-size:0"},
      {"font size one pixel", "", "<p style=\"font-size:1px;line-height:0\">" + kLink + "</p>", "font-size:0"},
      {"zero height overflow hidden", "", "<div style=\"height:0;overflow:hidden\">" + kLink + "</div>",
       "height:0;overflow:hidden"},
      {"negative offset", "", "<div style=\"position:absolute;left:-9999px;top:0\">" + kLink + "</div>",
       "left:-9999px"},
      {"negative top in em", "", "<div style=\"position:absolute;top:-100em\">" + kLink + "</div>", "top:-100em"},
      {"text indent off screen", "", "<div style=\"text-indent:-20000px\">" + kLink + "</div>", "text-indent:-20000px"},
      {"white on default background", "", std::string("<a href='") + kSpam + "' style='color:#FFF'>x</a>",
       "文字颜色与背景色相同（#ffffff）"},
      {"colour equals declared background", "",
       "<div style=\"background:#336699 url(bg.png)\"><a href='" + std::string(kSpam) +
           "' style='color:rgb(51,102,153)'>x</a></div>",
       "文字颜色与背景色相同（#336699）"},
      {"font colour inside the anchor", "",
       std::string("<table bgcolor=\"#000000\"><tr><td><a href='") + kSpam +
           "'><font color=black>x</font></a></td></tr></table>",
       "文字颜色与背景色相同（#000000）"},
      {"tiny marquee", "", "<marquee width=\"1\" height=\"1\">" + kLink + "</marquee>", "marquee"},
      {"class rule in a style block", "<style>.hd{display:none}</style>", "<div class=\"nav hd\">" + kLink + "</div>",
       "display:none（<style> 规则 .hd）"},
      {"id rule after the element", "",
       "<div id=\"Links\">" + kLink +
           "</div><style>#links { position:absolute; "
           "left:-3000px }</style>",
       "left:-3000px（<style> 规则 #links）"},
      {"rule for the links of a class", "<style>/* seo */ .f a{visibility:hidden}</style>",
       "<div class=\"f\">" + kLink + "</div>", "visibility:hidden（<style> 规则 .f a）"},
      {"compound class rule", "<style>div.a.b{display:none}</style>", "<div class=\"b a\">" + kLink + "</div>",
       "display:none"},
      {"encoded document.write", "",
       "<script>document.write(unescape('%3C%61%20%68%72%65%66%3D%22http://www.spam-casino.com/"
       "%22%3E%E5%8D%9A%E5%BD%A9%3C/a%3E'));</script>",
       "由 document.write 以编码字符串写入"},
      {"hex-escaped document.write", "",
       "<script>document.write(\"\\x3c\\x61 \\x68\\x72\\x65\\x66='http://www.spam-casino.com/'>x</a>\");</script>",
       "由 document.write 以编码字符串写入"},
      {"script writing inside a hidden block", "",
       "<div style=\"display:none\"><script>document.write('<a "
       "href=\"http://www.spam-casino.com/\">x</a>');</script></div>",
       "display:none（行内样式）"},
      {"after the end of the document", "", "<p>正文</p>", "位于 </html> 之后",
       std::string("<a href=\"") + kSpam + "\">博彩</a>"},
      {"hidden block among plain blocks", "", "<div>正文</div><div style=\"display:none\">" + kLink + "</div>",
       "display:none"},
      // Visible.
      {"plain link", "", kLink, ""},
      {"inactive tab beside the active one", "",
       "<div class=\"tab-con\">本市</div><div class=\"tab-con\" style=\"display:none\">" + kLink + "</div>", ""},
      {"inactive tab by class rules", "<style>.con{display:none}.con.on{display:block}</style>",
       "<div class=\"con on\">本市</div><div class=\"con\">" + kLink + "</div>", ""},
      {"slide of a carousel", "", "<ul><li>一</li><li style=\"display:none\">" + kLink + "</li></ul>", ""},
      {"hidden sibling does not hide", "", "<div style=\"display:none\">菜单</div>" + kLink, ""},
      {"plain document.write", "", "<script>document.write('<a href=\"http://www.spam-casino.com/\">x</a>');</script>",
       ""},
      {"zero size on a layout wrapper", "", "<div style=\"font-size:0px\"><ul><li>" + kLink + "</li></ul></div>", ""},
      {"readable size inside a zero-size list", "<style>.list{font-size:0}.list li{font-size:14px}</style>",
       "<ul class=\"list\"><li class=\"x\" style=\"font-size:14px\">" + kLink + "</li></ul>", ""},
      {"hover menu rule does not count", "<style>.menu:hover .sub{display:block}</style>",
       "<div class=\"menu\"><div class=\"sub\">" + kLink + "</div></div>", ""},
      {"media query does not count", "<style>@media (max-width:600px){.pc{display:none}} .pc{color:#333}</style>",
       "<div class=\"pc\">" + kLink + "</div>", ""},
      {"white text on a dark background", "<style>.foot{background-color:#1d3d6f}</style>",
       "<div class=\"foot\"><a style=\"color:#fff\" href=\"" + std::string(kSpam) + "\">x</a></div>", ""},
      {"white parent colour does not reach the anchor", "", "<div style=\"color:#ffffff\">" + kLink + "</div>", ""},
      {"small negative margin", "", "<div style=\"margin-left:-20px\">" + kLink + "</div>", ""},
      {"wide marquee", "", "<marquee width=\"300\">" + kLink + "</marquee>", ""},
      {"style text in the body is no style element", "",
       "<p>&lt;style&gt;.x{display:none}&lt;/style&gt;</p><div class=x>" + kLink + "</div>", ""},
  };
}

class HiddenLinkTest : public ::testing::TestWithParam<Case> {};

TEST_P(HiddenLinkTest, ReadsHowTheLinkIsHidden) {
  const Case& c = GetParam();
  const Page page = ParsePage(
      kUrl, "<!DOCTYPE html><html><head>" + c.head + "</head><body>" + c.body + "</body></html>" + c.after_html);
  const PageLink* link = SpamLink(page);
  ASSERT_NE(link, nullptr) << "the link was not read at all";
  if (c.hidden_by.empty()) {
    EXPECT_EQ(link->hidden_by, "");
  } else {
    EXPECT_NE(link->hidden_by.find(c.hidden_by), std::string::npos) << link->hidden_by;
  }
}

INSTANTIATE_TEST_SUITE_P(Techniques, HiddenLinkTest, ::testing::ValuesIn(Cases()), testing::NameOfCase());

TEST(HiddenLinkTest, LinksBesideAHiddenBlockStayVisible) {
  const Page page = ParsePage(kUrl,
                              "<html><body><div style='display:none'><a href='/a.html'>A</a></div>"
                              "<a href='/b.html'>B</a><div style='font-size:0'><span style='font-size:12px'>"
                              "<a href='/c.html'>C</a></span><a href='/d.html'>D</a></div></body></html>");
  // C: a readable size inside undoes font-size:0.
  EXPECT_THAT(HiddenBy(page), ElementsAre(Ne(""), "", "", Ne("")));
}

// Elements without children to walk (an <iframe>, an <img>, a <br>) hide nothing after them.
TEST(HiddenLinkTest, ChildlessHiddenElementsEndWithThemselves) {
  const Page page = ParsePage(kUrl,
                              "<html><body><iframe style='display:none' src='http://a.example.com/'></iframe>"
                              "<img style='display:none;background:#000' src='x.png'><br style='font-size:0'>"
                              "<input type=hidden style='visibility:hidden'><a href='/b.html'>B</a></body></html>");
  EXPECT_THAT(HiddenBy(page), ElementsAre("display:none（行内样式）", ""));
}

TEST(HiddenLinkTest, InlineScriptsAreKeptBounded) {
  std::string big(100 * 1024, 'x');
  const Page page = ParsePage(kUrl,
                              "<html><head><script>var a = 1;</script><script src='/s.js'></script>"
                              "<script type='text/template'><a></a></script></head><body><script>" +
                                  big + "</script></body></html>");
  // Neither the script with a src nor the template is code of the page's own.
  ASSERT_EQ(page.inline_scripts.size(), 2u);
  EXPECT_EQ(page.inline_scripts[0], "var a = 1;");
  EXPECT_EQ(page.inline_scripts[1].size(), 64u * 1024);
}

TEST(HiddenLinkTest, HugeStyleBlocksStayBounded) {
  std::string css;
  for (int i = 0; i < 20000; ++i) css += ".c" + std::to_string(i) + "{display:none}";
  const Page page =
      ParsePage(kUrl, "<html><head><style>" + css + "</style></head><body><div class='c1'>" + kLink +
                          "</div><div class='c19999'><a href='http://b.example.com/'>b</a></div></body></html>");
  // The first link's class is among the first rules kept; the second's is past the cap: not read.
  EXPECT_THAT(HiddenBy(page), ElementsAre(Ne(""), ""));
}

// A template literal that runs over a line end (found by fuzzing: the reader once stood still
// at the line end for ever) is read to its closing backquote, and what follows it still counts.
TEST(HiddenLinkTest, TemplateLiteralsOverSeveralLinesAreReadThrough) {
  const Page page = ParsePage(kUrl,
                              "<html><body><script>var t = `one\ntwo`;\n"
                              "document.write(`<a href=\"http://d.example.com/\">d\n</a>`);\n"
                              "document.write('<a href=\"http://e.example.com/\">e</a>');</script></body></html>");
  std::vector<std::string> urls;
  for (const PageLink& link : page.links) urls.push_back(link.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"http://d.example.com/", "http://e.example.com/"}));
}

}  // namespace
}  // namespace govaudit
