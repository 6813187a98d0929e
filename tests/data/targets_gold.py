"""Locate the hand-picked targets (typed in below while reading each text) in the original files."""
import json
# (ref, anchor text in the ORIGINAL file that ends with the target's written form, written,
#  kind, year, low, high, unit, bound, indicator)
G = [
 ("gansu-ai-plan@2026", "智能体应用普及率达70%左右", "达70%左右", "goal", 2027, 70, 70, "%", "about", "新一代智能终端、智能体应用普及率"),
 ("gansu-ai-plan@2026", "政务服务“智能办”占比超60%", "超60%", "goal", 2027, 60, 60, "%", "min", "政务服务“智能办”占比"),
 ("gansu-ai-plan@2026", "到2030年", "到2030年", "milestone", 2030, None, None, None, "exact", "智能终端、智能体应用普及率进一步提升"),
 ("gansu-ai-plan@2026", "到2035年", "到2035年", "milestone", 2035, None, None, None, "exact", "与全国一道全面步入智能经济和智能社会发展新阶段"),
 ("jiangsu-ai-plan@2025", "智能體等應用普及率70%以上", "70%以上", "goal", 2027, 70, 70, "%", "min", "新一代智能终端、智能体等应用普及率"),
 ("jiangsu-ai-plan@2025", "智能體等應用普及率90%以上", "90%以上", "goal", 2030, 90, 90, "%", "min", "新一代智能终端、智能体等应用普及率"),
 ("jiangsu-ai-plan@2025", "人工智能產業規模超萬億元", "超萬億元", "goal", 2030, 1e12, 1e12, "元", "min", "人工智能产业规模"),
 ("jiangsu-ai-plan@2025", "到2035年", "到2035年", "milestone", 2035, None, None, None, "exact", "建成国内领先的“人工智能+”创新策源地、产业新高地和融合应用先导区"),
 ("sichuan-ai-plan@2026", "应用普及率超70%", "超70%", "goal", 2027, 70, 70, "%", "min", "新一代智能终端、智能体等应用普及率"),
 ("sichuan-ai-plan@2026", "形成2—3个", "2—3个", "goal", 2027, 2, 3, "个", "range", "形成具有全国竞争力的细分赛道产业集群"),
 ("sichuan-ai-plan@2026", "重点支持打造10个左右", "10个左右", "goal", 2027, 10, 10, "个", "about", "重点支持打造具有全国影响力的行业标杆大模型"),
 ("sichuan-ai-plan@2026", "建设10个左右", "10个左右", "goal", 2027, 10, 10, "个", "about", "建设行业领域重大标志性应用场景"),
 ("sichuan-ai-plan@2026", "建成20个左右", "20个左右", "goal", 2027, 20, 20, "个", "about", "建成应用场景实验室等公共平台"),
 ("sichuan-ai-plan@2026", "争创1—2个", "争创1—2个", "goal", 2030, 1, 2, "个", "range", "国家级新兴产业集群"),
 ("sichuan-ai-plan@2026", "建设200家", "200家", "goal", 2030, 200, 200, "家", "exact", "建设智能制造先进工厂"),
 ("sichuan-ai-plan@2026", "集聚人工智能企业2500家以上", "2500家以上", "goal", 2030, 2500, 2500, "家", "min", "集聚人工智能企业"),
 ("sichuan-ai-plan@2026", "产业规模突破4000亿元", "突破4000亿元", "goal", 2030, 4e11, 4e11, "元", "min", "产业规模"),
 ("sichuan-ai-plan@2026", "应用普及率超90%", "超90%", "goal", 2030, 90, 90, "%", "min", "新一代智能终端、智能体等应用普及率"),
 ("sichuan-ai-plan@2026", "到2035年", "到2035年", "milestone", 2035, None, None, None, "exact", "全面步入智能经济和智能社会发展新阶段"),
 ("sichuan-ai-plan@2026", "每年推出不少于5个", "不少于5个", "goal", None, 5, 5, "个", "min", "每个行业每年推出典型场景"),
 ("sichuan-ai-plan@2026", "智算规模达100EFlops", "达100EFlops", "goal", 2030, 100, 100, "EFlops", "exact", "智算规模"),
 ("sichuan-ai-plan@2026", "智算占比超85%", "超85%", "goal", 2030, 85, 85, "%", "min", "智算占比"),
 # Gansu 2018: not required by the issue; read the same way, scored separately
 ("gansu-ai-plan@2018", "1.到2020年", "到2020年", "milestone", 2020, None, None, None, "exact", "新一代人工智能创新体系初步建成"),
 ("gansu-ai-plan@2018", "2.到2025年", "到2025年", "milestone", 2025, None, None, None, "exact", "新一代人工智能高端产业链逐步形成"),
 ("gansu-ai-plan@2018", "3.到2030年", "到2030年", "milestone", 2030, None, None, None, "exact", "新一代人工智能竞争力显著增强"),
 ("gansu-ai-plan@2018", "实施1-2项", "1-2项", "goal", None, 1, 2, "项", "range", "每年在工业、农业、服务业等领域实施新一代人工智能科技计划项目"),
 ("gansu-ai-plan@2018", "运营成本降低 30%", "降低 30%", "goal", 2020, 30, 30, "%", "less", "试点示范项目运营成本"),
 ("gansu-ai-plan@2018", "产品生产周期缩短 30%", "缩短 30%", "goal", 2020, 30, 30, "%", "less", "产品生产周期"),
 ("gansu-ai-plan@2018", "不良品率降低 30%", "降低 30%", "goal", 2020, 30, 30, "%", "less", "不良品率"),
 ("gansu-ai-plan@2018", "全省100%", "100%", "goal", 2020, 100, 100, "%", "exact", "全省市州旅游部门建成自有智慧旅游体系"),
 ("gansu-ai-plan@2018", "和80%以上", "80%以上", "goal", 2020, 80, 80, "%", "min", "县市区旅游部门建成自有智慧旅游体系"),
 ("gansu-ai-plan@2018", "居于全国前五名", "前五名", "goal", 2020, 5, 5, "名", "max", "全省智慧旅游总体水平居于全国前列"),
 ("gansu-ai-plan@2018", "占比超过25%", "超过25%", "goal", 2025, 25, 25, "%", "min", "省内旅游在线交易占比"),
 ("gansu-ai-plan@2018", "总投入的20%以上", "20%以上", "goal", 2025, 20, 20, "%", "min", "智慧旅游投资占旅游业总投入"),
 ("gansu-ai-plan@2018", "应用达到75%以上", "达到75%以上", "goal", 2030, 75, 75, "%", "min", "人工智能在智慧旅游管理、营销、服务体系中的应用"),
 ("gansu-ai-plan@2018", "项目200个以上", "200个以上", "goal", 2030, 200, 200, "个", "min", "实施人工智能景区、酒店、旅行社、高速公路、客运中心项目"),
 ("gansu-ai-plan@2018", "总投资达到15亿元以上", "达到15亿元以上", "goal", 2030, 1.5e9, 1.5e9, "元", "min", "总投资"),
 ("gansu-ai-plan@2018", "覆盖面达到85%以上", "达到85%以上", "goal", 2030, 85, 85, "%", "min", "归集游客定位数据、出行数据、消费数据、诉求数据的行业覆盖面"),
 ("gansu-ai-plan@2018", "搭建1-2个", "1-2个", "goal", None, 1, 2, "个", "range", "搭建人工智能重点实验室和人工智能技术创新中心"),
]
from versiondiff.sources import read_source
texts = {}
out = []
for ref, anchor, written, kind, year, low, high, unit, bound, indicator in G:
    if ref not in texts:
        texts[ref] = read_source(ref).text
    text = texts[ref]
    assert text.count(anchor) == 1, (ref, anchor, text.count(anchor))
    a = text.index(anchor) + len(anchor) - len(written)
    assert text[a:a + len(written)] == written
    out.append({"doc": ref, "written": written, "span": [a, a + len(written)], "kind": kind, "year": year,
                "low": low, "high": high, "unit": unit, "bound": bound, "indicator": indicator})
doc = {"about": "Every target (quantified commitment, and deadline that governs no quantity) of the "
       "bundled 2025/2026 plans, and of Gansu 2018 (scored separately). Made by READING each text "
       "from start to end and typing each target in by hand (anchor phrase, written form, kind, "
       "deadline year, value, unit, bound, indicator); offsets were then located by a string search "
       "for the typed anchor in the original file (tests/data/targets_gold.py rebuilds them). "
       "Not produced by versiondiff.targets. Values are in the unit as counted (亿元 → 元).",
       "definition": "A target is one number with a unit that the plan commits to (a goal, a count, a "
       "share, an amount, a rank), with the deadline governing it (到YYYY年, YYYY-YYYY年 …, "
       "none when recurring or undated); a deadline phrase whose paragraph commits to no number is "
       "one 'milestone' target. Names that contain numerals (14+1重点产业链, 6G, 一网通办, 千人计划, "
       "一刻钟便民生活圈, 从0到1), dates, document numbers and 一批 are not targets.",
       "primary": ["gansu-ai-plan@2026", "jiangsu-ai-plan@2025", "sichuan-ai-plan@2026"],
       "targets": out}
open("tests/data/targets_gold.json", "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
print(len(out))
