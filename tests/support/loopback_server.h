// A cpp-httplib server on 127.0.0.1 with an ephemeral port, running on its own thread for
// the length of a test. Handlers are registered before Start().
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

namespace govaudit::testing {

// Answers with `html` as a UTF-8 page.
inline void Html(httplib::Response& res, const std::string& html) { res.set_content(html, "text/html; charset=utf-8"); }

class LoopbackServer {
 public:
  LoopbackServer() = default;
  ~LoopbackServer() { Stop(); }

  httplib::Server& server() { return server_; }

  // Serves the fixed page `html` at `path` (a cpp-httplib pattern).
  void ServeHtml(const std::string& path, std::string html) {
    server_.Get(path, [html = std::move(html)](const httplib::Request&, httplib::Response& res) { Html(res, html); });
  }

  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  std::string Url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// A loopback host standing for an internal system: every path answers a small page, and the
// requests that reached it are counted (tests of the address policy expect none).
class CountingHost {
 public:
  CountingHost() {
    server_.server().Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_;
      res.set_content("<html><body><p>internal</p></body></html>", "text/html; charset=utf-8");
    });
    server_.Start();
  }

  int port() const { return server_.port(); }
  std::string Url(const std::string& path = "/") const { return server_.Url(path); }
  int hits() const { return hits_.load(); }

 private:
  std::atomic<int> hits_{0};
  LoopbackServer server_;  // declared last: stopped before the counter goes away
};

// A port on 127.0.0.1 where nothing listens: bound without listen(), then closed, so a
// connection attempt is refused at once.
inline int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace govaudit::testing
