// A static-site server on 127.0.0.1 with an ephemeral port, for `govaudit demo` and tests.
// Serves either the compiled-in demo site or a folder on disk.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"

namespace govaudit {

class StaticSiteServer {
 public:
  // Lookup returns the file's bytes for a path like "index.html", or nullopt.
  using Lookup = std::function<std::optional<std::string>(const std::string& relative_path)>;

  // Listens on `preferred_port` when it is free (so URLs stay the same from one run to the
  // next and the history means something), else on any free port. 0: any port.
  static StatusOr<std::unique_ptr<StaticSiteServer>> Start(Lookup lookup, int preferred_port = 0);
  static Lookup FromResources(const std::string& prefix);  // e.g. "demo-site/"
  static Lookup FromFolder(const std::string& folder);

  ~StaticSiteServer();
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  StaticSiteServer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// Content type by file extension ("text/html; charset=utf-8" for .html, charset=GBK for .gbk.html).
std::string ContentTypeFor(const std::string& path);

}  // namespace govaudit
