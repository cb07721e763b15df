#include "common/charset.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "tests/support/expect_results.h"
#include "tests/support/shared_data.h"

#ifndef GOVAUDIT_FIXTURES_DIR
#error "GOVAUDIT_FIXTURES_DIR must point at tests/fixtures"
#endif

namespace govaudit {
namespace {

// "gb18030 from meta": the charset a text was decoded from and where it was read, to check
// both in one expectation.
std::string CharsetAndSource(const DecodedText& d) { return d.charset + " from " + d.source; }

// Converts test text with iconv (from UTF-8 unless told), so test inputs are real GBK bytes.
std::string Encode(const std::string& utf8, const char* to, const char* from = "UTF-8") {
  struct Closer {
    void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
  };
  iconv_t raw = iconv_open(to, from);
  if (raw == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open failed");
  std::unique_ptr<std::remove_pointer_t<iconv_t>, Closer> cd(raw);
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    throw std::runtime_error("test text not representable");
  }
  out.resize(out.size() - out_left);
  return out;
}

const std::string kTitle = "政府信息公开年度报告";
const std::string kParagraph =
    "根据《中华人民共和国政府信息公开条例》的规定，现将本机关二〇二三年度政府信息公开工作情况"
    "报告如下。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况等部分组成。"
    "本报告中所列数据的统计期限自二〇二三年一月一日起至二〇二三年十二月三十一日止。"
    "如对本报告有疑问，请与本机关政务公开办公室联系。";

TEST(CharsetFromContentTypeTest, ExtractsLowerCasedLabel) {
  testing::ExpectResults(CharsetFromContentType, {
                                                     {"text/html; charset=GBK", "gbk"},
                                                     {"text/html;charset=\"UTF-8\"", "utf-8"},
                                                     {"text/html; Charset = 'gb2312' ; foo=bar", "gb2312"},
                                                     {"text/html; charset=utf-8, text/html", "utf-8"},
                                                 });
}

TEST(CharsetFromContentTypeTest, EmptyWhenAbsent) {
  testing::ExpectResults(CharsetFromContentType, {{"text/html", ""}, {"", ""}, {"text/html; boundary=x", ""}});
}

TEST(DecodeHtmlTest, GbkBodyWithHeaderCharset) {
  std::string body = "<html><body><p>" + Encode(kTitle, "GBK") + "</p></body></html>";
  DecodedText d = DecodeHtml(body, "text/html; charset=GBK");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from http");
  EXPECT_EQ(d.invalid_sequences, 0u);
  EXPECT_EQ(d.utf8, "<html><body><p>" + kTitle + "</p></body></html>");
}

TEST(DecodeHtmlTest, GbkBodyWithMetaCharsetOnly) {
  std::string body = "<!DOCTYPE html><html><head><meta charset=\"gbk\"><title>" +
                     Encode(kTitle, "GBK") + "</title></head></html>";
  DecodedText d = DecodeHtml(body, "text/html");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from meta");
  EXPECT_NE(d.utf8.find("<title>" + kTitle + "</title>"), std::string::npos);
}

TEST(DecodeHtmlTest, GbkBodyWithHttpEquivOnly) {
  std::string body =
      "<html><head>\r\n<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">\r\n"
      "<title>" +
      Encode(kTitle, "GBK") + "</title></head></html>";
  DecodedText d = DecodeHtml(body, "");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from meta");
  EXPECT_NE(d.utf8.find(kTitle), std::string::npos);
}

TEST(DecodeHtmlTest, HttpEquivContentWithoutPragmaIsIgnored) {
  // Without http-equiv="content-type" a content attribute does not declare anything
  // (e.g. <meta name="description" content="charset=big5">).
  std::string body = "<html><head><meta name=\"description\" content=\"charset=big5\">"
                     "<title>" + kTitle + "</title></head></html>";
  DecodedText d = DecodeHtml(body, "");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from detected");
  EXPECT_NE(d.utf8.find(kTitle), std::string::npos);
}

TEST(DecodeHtmlTest, MetaInsideCommentIsIgnored) {
  std::string body = "<html><head><!-- <meta charset=\"big5\"> --><meta charset=\"gbk\">"
                     "<title>" + Encode(kTitle, "GBK") + "</title></head></html>";
  DecodedText d = DecodeHtml(body, "");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from meta");
}

TEST(DecodeHtmlTest, MetaBeyondFirst4096BytesIsNotUsed) {
  std::string body = "<html><head><!--" + std::string(5000, 'x') +
                     "--><meta charset=\"gbk\"><title>" + Encode(kParagraph, "GBK") +
                     "</title></head></html>";
  DecodedText d = DecodeHtml(body, "");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from detected");  // found by detection instead
}

TEST(DecodeHtmlTest, UndeclaredGbkParagraphIsDetected) {
  std::string body = "<html><head><title>" + Encode(kTitle, "GBK") + "</title></head><body><p>" +
                     Encode(kParagraph, "GBK") + "</p></body></html>";
  DecodedText d = DecodeHtml(body, "text/html");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from detected");
  EXPECT_EQ(d.invalid_sequences, 0u);
  EXPECT_NE(d.utf8.find(kParagraph), std::string::npos);
}

TEST(DecodeHtmlTest, UndeclaredShortGbkTitleIsDetectedAsGb18030) {
  // Too short for uchardet on its own (it answers a windows-125x code page).
  for (const std::string& text : {std::string("关于"), std::string("政府信息公开"), kTitle}) {
    DecodedText d = DecodeText(Encode(text, "GBK"), "");
    EXPECT_EQ(d.charset, "gb18030") << text;
    EXPECT_EQ(d.utf8, text);
  }
}

TEST(DecodeHtmlTest, UndeclaredUtf8IsDetectedAsUtf8) {
  DecodedText d = DecodeHtml("<p>" + kParagraph + "</p>", "");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from detected");
  EXPECT_EQ(d.utf8, "<p>" + kParagraph + "</p>");
}

TEST(DecodeHtmlTest, Gb2312LabelDecodesAsGb18030IncludingFourByteSequences) {
  // U+20000 exists only in GB18030 (four bytes 95 32 82 36); GBK-only 0x8140 (丂) is not in
  // GB2312; 0x80 is the euro sign in GBK.
  std::string body = std::string("<p>\x95\x32\x82\x36|\x81\x40|\x80</p>");
  DecodedText d = DecodeHtml(body, "text/html; charset=gb2312");
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.invalid_sequences, 0u);
  EXPECT_EQ(d.utf8, "<p>\xF0\xA0\x80\x80|丂|€</p>");
}

TEST(DecodeHtmlTest, EveryGbkPairDecodesAsIconvDoes) {
  // Two-byte characters come from a table built from iconv: each one, in text, must come out
  // exactly as iconv converts it.
  std::string body = "<p>";
  std::string expected = "<p>";
  int pairs = 0;
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      const std::string pair = {static_cast<char>(lead), static_cast<char>(trail)};
      std::string utf8;
      try {
        utf8 = Encode(pair, "UTF-8", "GB18030");
      } catch (const std::runtime_error&) {
        continue;  // not a character: the broken-bytes test covers those
      }
      body += pair + "|";
      expected += utf8 + "|";
      ++pairs;
    }
  }
  body += "</p>";
  expected += "</p>";
  EXPECT_GT(pairs, 20000);
  DecodedText d = DecodeHtml(body, "text/html; charset=gbk");
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.invalid_sequences, 0u);
  EXPECT_EQ(d.utf8, expected);
}

TEST(DecodeHtmlTest, Gb18030BrokenBytesBetweenCharactersAreReplacedOnceEach) {
  const std::string body = "<p>" + Encode("政务", "GBK") + "\xFF" + Encode("公开", "GBK") + "\x95\x32\x82\x36" + "\x81";
  DecodedText d = DecodeHtml(body, "text/html; charset=gbk");
  EXPECT_EQ(d.invalid_sequences, 2u);
  EXPECT_EQ(d.utf8, "<p>政务\uFFFD公开\U00020000\uFFFD");
}

TEST(DecodeHtmlTest, Utf8BomWinsOverWrongHeaderAndIsStripped) {
  std::string body = "\xEF\xBB\xBF<p>" + kTitle + "</p>";
  DecodedText d = DecodeHtml(body, "text/html; charset=gbk");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from bom");
  EXPECT_EQ(d.utf8, "<p>" + kTitle + "</p>");
}

TEST(DecodeHtmlTest, Utf16LeBomIsDecoded) {
  std::string body = "\xFF\xFE" + Encode("<p>" + kTitle + "</p>", "UTF-16LE");
  DecodedText d = DecodeHtml(body, "text/html; charset=utf-8");
  EXPECT_EQ(CharsetAndSource(d), "utf-16le from bom");
  EXPECT_EQ(d.utf8, "<p>" + kTitle + "</p>");
}

TEST(DecodeHtmlTest, UnknownHeaderLabelFallsThroughToMeta) {
  std::string body = "<meta charset=gbk><p>" + Encode(kTitle, "GBK") + "</p>";
  DecodedText d = DecodeHtml(body, "text/html; charset=x-no-such-charset");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from meta");
  EXPECT_NE(d.utf8.find(kTitle), std::string::npos);
}

TEST(DecodeHtmlTest, UnknownMetaLabelFallsThroughToDetection) {
  std::string body = "<meta charset=\"utf-7\"><p>" + kTitle + "</p>";
  DecodedText d = DecodeHtml(body, "");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from detected");
}

TEST(DecodeHtmlTest, InvalidUtf8SequencesAreReplacedAndCounted) {
  // Lone continuation byte, truncated 3-byte sequence followed by ASCII, a surrogate
  // (ED A0 80: one replacement per byte, as browsers do), and a truncated final sequence.
  std::string body = std::string("a\x80" "b\xE6\x94" "c\xED\xA0\x80" "d\xE6");
  DecodedText d = DecodeHtml(body, "text/html; charset=utf-8");
  EXPECT_EQ(d.utf8, "a\uFFFDb\uFFFDc\uFFFD\uFFFD\uFFFDd\uFFFD");
  EXPECT_EQ(d.invalid_sequences, 6u);
}

TEST(DecodeHtmlTest, Utf8DecodesPieceByPieceWhateverSurroundsIt) {
  // Runs of CJK characters are checked several at a time: E0 and ED leads, surrogates,
  // overlong and truncated sequences must still be judged as one at a time, wherever a run
  // puts them. Each piece starts with ASCII or a lead byte, so it decodes the same anywhere.
  struct Piece {
    std::string bytes;
    std::string decoded;
    size_t invalid;
  };
  const std::string r = "\uFFFD";
  const std::vector<Piece> pieces = {
      {"a", "a", 0},
      {"政务公开", "政务公开", 0},
      {"\xE4\xB8\x80", "一", 0},
      {"\xEF\xBC\x8C", "，", 0},
      {"\xE0\xA0\x80", "\u0800", 0},
      {"\xED\x9F\xBF", "\uD7FF", 0},
      {"\xE0\x80\x80", r + r + r, 3},
      {"\xED\xA0\x80", r + r + r, 3},
      {"\xE6\x94", r, 1},
      {"é", "é", 0},
      {"😀", "😀", 0},
      {"\xFF", r, 1},
      {"a\x80", "a" + r, 1},
  };
  uint32_t seed = 7;
  for (int round = 0; round < 3000; ++round) {
    std::string body;
    std::string expected;
    size_t invalid = 0;
    seed = seed * 1103515245u + 12345u;
    const int length = static_cast<int>(seed >> 16) % 20;
    for (int i = 0; i < length; ++i) {
      seed = seed * 1103515245u + 12345u;
      const Piece& p = pieces[(seed >> 16) % pieces.size()];
      body += p.bytes;
      expected += p.decoded;
      invalid += p.invalid;
    }
    DecodedText d = ConvertToUtf8(body, "utf-8");
    ASSERT_EQ(d.utf8, expected) << "round " << round;
    ASSERT_EQ(d.invalid_sequences, invalid) << "round " << round;
  }
}

TEST(DecodeHtmlTest, InvalidGbkBytesAreReplacedAndDecodingContinues) {
  // 0xFF is never valid in GB18030; a lead byte followed by '<' is an error but the '<' is
  // kept; a lead byte at the very end is a truncated sequence.
  std::string gbk = Encode("公开", "GBK");
  std::string body = gbk + "\xFF" + gbk + "\x81<p>" + gbk + "\xB9";
  DecodedText d = DecodeHtml(body, "text/html; charset=gbk");
  EXPECT_EQ(d.utf8, "公开\uFFFD公开\uFFFD<p>公开\uFFFD");
  EXPECT_EQ(d.invalid_sequences, 3u);
}

TEST(DecodeHtmlTest, EmptyBodyDecodesToEmptyUtf8) {
  DecodedText d = DecodeHtml("", "");
  EXPECT_EQ(d.utf8, "");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from default");
  EXPECT_EQ(d.invalid_sequences, 0u);
}

TEST(DecodeHtmlTest, RealGb2312PageIsDecodedFromItsMetaTag) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  std::string page = testing::ReadSharedData("real-pages/03-article-gbk-chinaneast-2005.html");
  ASSERT_GT(page.size(), 40000u);
  DecodedText d = DecodeHtml(page, "text/html");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from meta");
  EXPECT_EQ(d.invalid_sequences, 0u);
  EXPECT_NE(d.utf8.find("<title>农机专家李金泽：为农机行业搭建现代化信息平台_振兴东北</title>"),
            std::string::npos);
}

TEST(DecodeTextTest, IgnoresMetaAndDetectsRealGbkPage) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  std::string page = testing::ReadSharedData("real-pages/03-article-gbk-chinaneast-2005.html");
  DecodedText d = DecodeText(page, "application/octet-stream");
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from detected");
  EXPECT_NE(d.utf8.find("农机专家李金泽"), std::string::npos);
}

TEST(DecodeTextTest, DoesNotUseMetaTags) {
  std::string body = "<meta charset=\"big5\">" + kParagraph;
  DecodedText d = DecodeText(body, "text/plain");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from detected");
}

TEST(DecodeTextTest, GbkCsvWithHeaderCharset) {
  std::string csv = Encode("序号,姓名,补贴金额\r\n1,张三,1200\r\n", "GBK");
  DecodedText d = DecodeText(csv, "text/csv; charset=GB2312");
  EXPECT_EQ(d.source, "http");
  EXPECT_EQ(d.utf8, "序号,姓名,补贴金额\r\n1,张三,1200\r\n");
}

TEST(ConvertToUtf8Test, ConvertsFromGivenCharset) {
  DecodedText d = ConvertToUtf8(Encode(kTitle, "GB18030"), "GB18030");
  EXPECT_EQ(d.utf8, kTitle);
  EXPECT_EQ(CharsetAndSource(d), "gb18030 from given");
}

TEST(ConvertToUtf8Test, Big5AndWindows1252) {
  EXPECT_EQ(ConvertToUtf8(Encode("政府資訊公開", "BIG5"), "big5").utf8, "政府資訊公開");
  // 0x80 is the euro sign in windows-1252; latin1 labels mean windows-1252.
  DecodedText d = ConvertToUtf8("caf\xE9 \x80", "iso-8859-1");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.utf8, "café €");
}

TEST(ConvertToUtf8Test, UnknownCharsetFallsBackToUtf8WithReplacement) {
  DecodedText d = ConvertToUtf8("ok\xC3", "no-such-charset");
  EXPECT_EQ(CharsetAndSource(d), "utf-8 from default");
  EXPECT_EQ(d.utf8, "ok\uFFFD");
  EXPECT_EQ(d.invalid_sequences, 1u);
}

TEST(LooksLikeHtmlTest, RecognisesHtmlStarts) {
  testing::ExpectAccepted(LooksLikeHtml, {
                                             "<!DOCTYPE html><html></html>",
                                             "  \r\n<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
                                             "\xEF\xBB\xBF<html lang=\"zh\">",
                                             "<HEAD><title>x</title>",
                                             "<script>location.href='/a'</script>",
                                             "<p>正文</p>",
                                             "<a href=\"/x\">x</a>",
                                             "<table border=0>",
                                             "<!-- generated --><div>",
                                             "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML\">",
                                         });
}

TEST(LooksLikeHtmlTest, RejectsOtherFormats) {
  testing::ExpectRejected(
      LooksLikeHtml,
      {
          "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "{\"html\": \"<html>\"}", "This is plain text mentioning <html> later.",
          "<?xml version=\"1.0\"?><urlset xmlns=\"x\"></urlset>", "<pre>not a p tag match</pre>", "PK\x03\x04", "",
          "<html",  // no terminating byte
      });
}

}  // namespace
}  // namespace govaudit
