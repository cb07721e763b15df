#include "app/demo_server.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "config/resources.h"

namespace govaudit {

struct StaticSiteServer::Impl {
  httplib::Server server;
  std::thread thread;
};

std::string ContentTypeFor(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  // GBK pages declare their charset only in the header, as many older government sites do.
  if (ends(".gbk.html")) return "text/html; charset=GBK";
  if (ends(".html") || ends(".htm")) return "text/html; charset=utf-8";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  if (ends(".xml")) return "application/xml";
  if (ends(".csv")) return "text/csv";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ends(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ends(".css")) return "text/css";
  if (ends(".js")) return "application/javascript";
  if (ends(".png")) return "image/png";
  if (ends(".jpg")) return "image/jpeg";
  return "application/octet-stream";
}

StaticSiteServer::Lookup StaticSiteServer::FromResources(const std::string& prefix) {
  return [prefix](const std::string& path) -> std::optional<std::string> {
    std::string name = prefix + path;
    if (!resources::Has(name)) return std::nullopt;
    return std::string(resources::Get(name));
  };
}

StaticSiteServer::Lookup StaticSiteServer::FromFolder(const std::string& folder) {
  return [folder](const std::string& path) -> std::optional<std::string> {
    if (path.find("..") != std::string::npos) return std::nullopt;
    const std::filesystem::path file = std::filesystem::path(folder) / path;
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  };
}

StatusOr<std::unique_ptr<StaticSiteServer>> StaticSiteServer::Start(Lookup lookup, int preferred_port) {
  std::unique_ptr<StaticSiteServer> s(new StaticSiteServer());
  s->impl_ = std::make_unique<Impl>();
  s->impl_->server.Get(".*", [lookup](const httplib::Request& req, httplib::Response& res) {
    std::string path = req.path.substr(1);
    if (path.empty() || path.back() == '/') path += "index.html";
    auto body = lookup(path);
    if (!body) {
      res.status = 404;
      res.set_content("<html><body><h1>404 未找到</h1></body></html>", "text/html; charset=utf-8");
      return;
    }
    res.set_content(*body, ContentTypeFor(path));
  });
  int port = -1;
  if (preferred_port > 0 && s->impl_->server.bind_to_port("127.0.0.1", preferred_port)) port = preferred_port;
  if (port <= 0) port = s->impl_->server.bind_to_any_port("127.0.0.1");
  if (port <= 0) return Status::Error("cannot listen on 127.0.0.1");
  s->port_ = port;
  s->impl_->thread = std::thread([impl = s->impl_.get()] { impl->server.listen_after_bind(); });
  // bind_to_any_port already listens: connections queue until the thread accepts them.
  return s;
}

StaticSiteServer::~StaticSiteServer() {
  if (impl_) {
    impl_->server.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
  }
}

}  // namespace govaudit
