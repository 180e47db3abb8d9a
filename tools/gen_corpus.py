#!/usr/bin/env python3
"""Generate large, deterministic Chinese-language sites (corpora) for benchmarks.

It makes a site folder of Markdown pages (for Zola and Hugo, the same pages
in their formats) that tools/bench.py, tools/crash-test.py and
tools/bench-serve.mjs build and time:

    tools/gen_corpus.py pinpai DIR --pages N   a pinpai site: branches, members, volunteer records, news
    tools/gen_corpus.py plain  DIR --pages N   N plain news pages as a pinpai site (default theme)
    tools/gen_corpus.py minimal DIR --pages N  the plain pages with minimal templates like zola's and hugo's
    tools/gen_corpus.py zola   DIR --pages N   the same N news pages as a Zola site (TOML front matter)
    tools/gen_corpus.py hugo   DIR --pages N   the same N news pages as a Hugo site

N counts all content pages. For pinpai, 2% are branch brands, 20% member
stories, 38% volunteer records and 40% news; every reference is valid.
For plain, zola and hugo, all N are the same dated pages with tags in one
section (zola and hugo render them with minimal list/page/taxonomy
templates), so the three can be timed side by side on the same text.
Output is deterministic (--seed, default 7): the same arguments always
write the same bytes.

This is the project's own copy of the generator its benchmarks were first
measured with; its kinds and output are kept byte for byte the same, so the
figures in docs/PERFORMANCE.md stay comparable. Change what it writes only
together with those figures.
"""
import argparse
import random
from pathlib import Path

WORDS = ("党支部 品牌 建设 志愿服务 先锋 模范 党员 医院 患者 急诊 救治 社区 义诊 健康 宣教 护理 "
         "质量 安全 学科 人才 培养 基层 组织 战斗堡垒 融合 发展 服务 群众 满意度 门诊 病房 手术 "
         "麻醉 检验 影像 药学 慢病 随访 家庭医生 签约 培训 技能 比武 主题党日 学习 教育 廉洁 "
         "医德医风 作风 创新 示范岗 责任区 承诺 践诺 帮扶 乡镇 卫生院 下沉 带教 会诊 远程 "
         "急救 心肺复苏 科普 讲座 进校园 进企业 进家庭 老年人 儿童 孕产妇 筛查 康复 中医 "
         "夜班 值守 攻坚 突击队 红色 引领 初心 使命 担当 奉献 温度 速度 精度").split()
TAGS = ["急救", "志愿服务", "慢病管理", "质量安全", "人才培养", "健康科普", "基层帮扶", "医德医风",
        "党建动态", "主题党日", "学科建设", "护理", "中医", "妇幼", "老年健康", "廉洁文化"] + \
       [f"专题{i}" for i in range(34)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰文斌波辉宇浩晨雪琳颖"
DEPTS = ["急诊科", "眼科", "手术麻醉科", "肾内科", "心内科", "神经内科", "儿科", "妇产科", "检验科",
         "影像科", "药学部", "护理部", "骨科", "普外科", "呼吸科", "中医科", "康复科", "消化内科"]


def sentence(rng, n=14):
    return "".join(rng.choice(WORDS) for _ in range(n)) + rng.choice("。;,") + "\n"


def body(rng, paras=6):
    out = []
    for p in range(paras):
        if p % 3 == 1:
            out.append(f"## {rng.choice(WORDS)}{rng.choice(WORDS)}\n")
        if p % 4 == 2:
            out.extend(f"{i + 1}. **{rng.choice(WORDS)}**{sentence(rng, 6)}" for i in range(3))
        out.append("".join(sentence(rng) for _ in range(4)) + "\n")
    return "\n".join(out)


def date(rng):
    return f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def news_pages(rng, n):
    for i in range(n):
        yield (f"news-{i:06d}", f"党建动态第{i}期:{rng.choice(WORDS)}{rng.choice(WORDS)}",
               date(rng), rng.sample(TAGS, 3), body(rng))


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def yaml_list(xs):
    return "[" + ", ".join(xs) + "]"


def gen_pinpai(root, n, rng):
    nb, nm, nv = max(1, n * 2 // 100), n * 20 // 100, n * 38 // 100
    nn = n - nb - nm - nv
    write(root / "site.yaml", "title: 基准测试医院党建之窗\nhospital: 基准测试医院\nbase_url: /\npaginate: 20\n")
    for b in range(nb):
        dept = DEPTS[b % len(DEPTS)]
        write(root / f"content/branches/branch-{b:04d}.md",
              f"---\ntitle: 品牌{b}号·{rng.choice(WORDS)}{rng.choice(WORDS)}\nbranch: {dept}第{b}党支部\n"
              f"department: {dept}\nsecretary: {rng.choice(SURNAMES)}{rng.choice(GIVEN)}\n"
              f"slogan: {rng.choice(WORDS)} {rng.choice(WORDS)}\nfounded: {date(rng)}\n"
              f"featured: {str(b < 8).lower()}\ntags: {yaml_list(rng.sample(TAGS, 2))}\n---\n{body(rng)}")
    for m in range(nm):
        write(root / f"content/members/member-{m:06d}.md",
              f"---\ntitle: {rng.choice(WORDS)}{rng.choice(WORDS)}的故事{m}\n"
              f"name: {rng.choice(SURNAMES)}{rng.choice(GIVEN)}{m}\nbranch: branch-{rng.randrange(nb):04d}\n"
              f"position: {rng.choice(DEPTS)}主治医师\ndate: {date(rng)}\nfeatured: {str(m < 6).lower()}\n"
              f"tags: {yaml_list(rng.sample(TAGS, 2))}\n---\n{body(rng)}")
    for v in range(nv):
        members = [f"member-{rng.randrange(nm):06d}" for _ in range(2)] if nm else []
        write(root / f"content/volunteer/service-{v:06d}.md",
              f"---\ntitle: {rng.choice(WORDS)}{rng.choice(WORDS)}志愿活动{v}\ndate: {date(rng)}\n"
              f"branch: branch-{rng.randrange(nb):04d}\nmembers: {yaml_list(members)}\n"
              f"location: {rng.choice(WORDS)}社区\nvolunteers: {rng.randint(3, 40)}\n"
              f"hours: {rng.randint(4, 120) / 2}\nserved: {rng.randint(20, 2000)}\n"
              f"tags: {yaml_list(rng.sample(TAGS, 2))}\n---\n{body(rng, 3)}")
    for slug, title, d, tags, text in news_pages(rng, nn):
        write(root / f"content/news/{slug}.md",
              f"---\ntitle: {title}\ndate: {d}\ntags: {yaml_list(tags)}\n---\n{text}")


def gen_plain(root, n, rng):
    write(root / "site.yaml", "title: 基准\nbase_url: /\npaginate: 20\n")
    for slug, title, d, tags, text in news_pages(rng, n):
        write(root / f"content/news/{slug}.md",
              f"---\ntitle: \"{title}\"\ndate: {d}\ntags: {yaml_list(tags)}\n---\n{text}")


def gen_minimal(root, n, rng):
    """The plain pages, rendered with the same minimal templates the zola and hugo corpora use."""
    gen_plain(root, n, rng)
    write(root / "site.yaml", "title: 基准\nbase_url: /\npaginate: 20\nsearch: false\nfeed: false\n")
    base = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}'
            '</title></head><body>{% block content %}{% endblock %}</body></html>')
    write(root / "templates/base.html", base)
    write(root / "templates/index.html", '{% extends "base.html" %}{% block content %}home{% endblock %}')
    lst = ('{% extends "base.html" %}{% block content %}<ul>{% for p in paginator.pages %}<li><a href="{{ p.url }}">'
           '{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>{% if paginator.next %}<a href="{{ paginator.next }}">'
           'next</a>{% endif %}{% endblock %}')
    for name in ("section", "branches", "members", "volunteers", "tag"):
        write(root / f"templates/{name}.html", lst)
    write(root / "templates/page.html",
          '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}'
          '</h1><time>{{ page.date }}</time>{{ page.content | safe }}<ul>{% for t in page.tags %}<li>'
          '<a href="{{ t.url }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}')
    write(root / "templates/tags.html",
          '{% extends "base.html" %}{% block content %}<ul>{% for t in tags %}<li><a href="{{ t.url }}">'
          '{{ t.name }}</a> {{ t.count }}</li>{% endfor %}</ul>{% endblock %}')


def gen_zola(root, n, rng):
    write(root / "config.toml", 'base_url = "/"\ntitle = "基准"\ncompile_sass = false\nbuild_search_index = false\n'
          'generate_feeds = false\ntaxonomies = [{name = "tags"}]\n')
    write(root / "content/_index.md", "+++\n+++\n")
    write(root / "content/news/_index.md", "+++\ntitle = \"新闻\"\nsort_by = \"date\"\npaginate_by = 20\n+++\n")
    for slug, title, d, tags, text in news_pages(rng, n):
        write(root / f"content/news/{slug}.md",
              f"+++\ntitle = \"{title}\"\ndate = {d}\n[taxonomies]\ntags = {tags!r}\n+++\n{text}".replace("'", '"'))
    base = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}'
            '</title></head><body>{% block content %}{% endblock %}</body></html>')
    write(root / "templates/base.html", base)
    write(root / "templates/index.html", '{% extends "base.html" %}{% block content %}home{% endblock %}')
    write(root / "templates/section.html",
          '{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<ul>'
          '{% for p in paginator.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}'
          '</ul>{% if paginator.next %}<a href="{{ paginator.next }}">next</a>{% endif %}{% endblock %}')
    write(root / "templates/page.html",
          '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}'
          '</h1><time>{{ page.date }}</time>{{ page.content | safe }}<ul>{% for t in page.taxonomies.tags %}<li>'
          '<a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>{% endblock %}')
    write(root / "templates/tags/list.html",
          '{% extends "base.html" %}{% block content %}<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">'
          '{{ t.name }}</a> {{ t.page_count }}</li>{% endfor %}</ul>{% endblock %}')
    write(root / "templates/tags/single.html",
          '{% extends "base.html" %}{% block content %}<ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">'
          '{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}')


def gen_hugo(root, n, rng):
    write(root / "hugo.toml", 'baseURL = "/"\ntitle = "基准"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
          'paginate = 20\n')
    for slug, title, d, tags, text in news_pages(rng, n):
        write(root / f"content/news/{slug}.md",
              f"---\ntitle: \"{title}\"\ndate: {d}\ntags: {yaml_list(tags)}\n---\n{text}")
    base = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ end }}'
            '</title></head><body>{{ block "main" . }}{{ end }}</body></html>')
    write(root / "layouts/_default/baseof.html", base)
    write(root / "layouts/index.html", '{{ define "main" }}home{{ end }}')
    write(root / "layouts/_default/list.html",
          '{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<ul>{{ range .Paginator.Pages }}<li>'
          '<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date }}</li>{{ end }}</ul>'
          '{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}')
    write(root / "layouts/_default/single.html",
          '{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date }}</time>'
          '{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>'
          '{{ end }}</ul>{{ end }}')
    write(root / "layouts/_default/terms.html",
          '{{ define "main" }}<ul>{{ range .Data.Terms }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>'
          ' {{ .Count }}</li>{{ end }}</ul>{{ end }}')


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["pinpai", "plain", "minimal", "zola", "hugo"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    {"pinpai": gen_pinpai, "plain": gen_plain, "minimal": gen_minimal, "zola": gen_zola, "hugo": gen_hugo}[a.kind](a.dir, a.pages, random.Random(a.seed))
