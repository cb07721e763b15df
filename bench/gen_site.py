#!/usr/bin/env python3
"""Generates a synthetic government site for the crawl benchmark.

N pages of about 14 KB each, a quarter of them GBK-encoded (declared with <meta charset>),
arranged as column list pages linking to articles, like a county portal. Deterministic.
Usage: gen_site.py OUT_DIR N
"""
import os
import random
import sys

WORDS = ("关于 进一步 加强 政务公开 工作 通知 实施 意见 办法 规定 县人民政府 办公室 农业农村局 "
         "财政局 补贴 发放 公示 政策 解读 规范性文件 有效 监督 电话 群众 企业 营商环境 优化 "
         "服务 审批 事项 清单 目录 落实 推进 高质量 发展 乡村 振兴 安全生产").split()


def paragraph(rng, n):
    return "".join(rng.choice(WORDS) for _ in range(n)) + "。"


def page(rng, i, n, per_list):
    links = []
    if i < n // per_list:  # list pages link to a block of articles
        first = n // per_list + i * (per_list - 1)
        for j in range(first, min(first + per_list - 1, n)):
            links.append(f'<li><a href="/p/{j}.html">{paragraph(rng, 6)}</a><span>2026-{rng.randint(1,11):02d}-{rng.randint(1,28):02d}</span></li>')
        for j in (i + 1, 2 * i + 1):
            if j < n // per_list:
                links.append(f'<li><a href="/p/{j}.html">栏目第{j}页</a></li>')
    body = []
    size = 0
    while size < 13500:
        p = "<p>" + paragraph(rng, 30) + "</p>"
        body.append(p)
        size += len(p.encode("utf-8"))
    meta = (f'<table class="xxgk"><tr><td>索引号：</td><td>11640521MB0000000X/2026-{i:05d}</td></tr>'
            f'<tr><td>发布日期：</td><td>2026-{rng.randint(1,11):02d}-{rng.randint(1,28):02d}</td></tr></table>')
    return ("<!DOCTYPE html><html><head><meta charset=\"{cs}\"><title>" + paragraph(rng, 5) + "</title></head><body>"
            + '<div class="nav"><a href="/p/0.html">首页</a></div>' + meta + "<h1>" + paragraph(rng, 5) + "</h1>"
            + "".join(body) + "<ul>" + "".join(links) + "</ul></body></html>")


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    per_list = 40
    rng = random.Random(20261126)
    os.makedirs(os.path.join(out, "p"), exist_ok=True)
    for i in range(n):
        gbk = i % 4 == 3
        html = page(rng, i, n, per_list).replace("{cs}", "gbk" if gbk else "utf-8")
        with open(os.path.join(out, "p", f"{i}.html"), "wb") as f:
            f.write(html.encode("gb18030" if gbk else "utf-8"))


if __name__ == "__main__":
    main()
