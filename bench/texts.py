"""Realistic Chinese texts for the scale seed, varied from the demo content (services/demo/*.json).

Everything is drawn from a seeded ``random.Random`` so two runs produce the same database.
"""
from __future__ import annotations

import random
import re

from services import demo

dd = demo.load()  # the demo's story as written (its texts; dates do not matter here)

CITIES = ["临江市", "北山市", "青州市", "云水市", "南屏市", "丰阳市", "东岭县", "南湖县", "桐溪县", "清溪县", "白沙镇", "梅岭镇"]
DELEGATIONS_NPC = [c[:-1] + "代表团" for c in CITIES[:6]] + ["省直代表团", "解放军代表团"]
SECTORS_CPPCC = ["中国民主同盟", "中国民主建国会", "九三学社", "中国农工民主党", "无党派人士", "环境资源界", "科学技术界", "经济界", "农业和农村界", "医药卫生界"]
UNITS = [
    "{city}环境科学研究院", "{city}人民医院", "{city}第一中学", "{city}城市建设投资集团", "{city}农业农村局", "江南大学环境学院",
    "{city}律师协会", "{city}化工园区管委会", "{city}供排水有限公司", "{city}某镇人民政府", "江南省农业科学院", "{city}工商联",
]
POSTS = ["院长", "主任", "副教授", "总工程师", "镇长", "校长", "董事长", "研究员", "律师", "村党支部书记", "高级工程师", "副主任"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "振宇", "丽娟", "国强", "晓峰", "建平", "翠英", "国华", "德胜", "永福", "建华", "海涛", "晓燕", "文清", "志远", "立群", "淑芳",
    "启明", "伟东", "嘉怡", "海波", "思远", "丽华", "明轩", "永康", "雨桐", "国梁", "志诚", "晓燕", "宁", "振宇", "佳琪", "建新",
    "凯", "卫国", "欣然", "立军", "晴", "慧敏", "浩然", "志刚", "琳", "永红", "雪梅", "宇航", "文静", "敏", "浩", "婷", "磊", "静",
    "红梅", "子涵", "一鸣", "秀兰", "桂英", "春华", "秋实", "长江", "新民", "卫红",
]

ISSUES = [
    "臭氧污染协同防控", "城市黑臭水体长效管护", "受污染耕地安全利用", "建筑工地扬尘精细化管控", "基层生态环境执法能力建设",
    "集中式饮用水水源地保护", "危险废物集中处置能力建设", "新污染物治理", "自然保护地整合优化", "核技术利用单位辐射安全监管",
    "生态环境教育进校园", "建设项目环评审批服务", "挥发性有机物源头替代", "生活垃圾分类", "工业园区挥发性有机物综合治理",
    "河湖长制落实", "秸秆露天焚烧管控和综合利用", "污染地块再开发利用监管", "辐射环境自动监测能力建设", "农村黑臭水体治理",
    "生物多样性保护和外来入侵物种防控", "塑料污染全链条治理", "生态环境监测数据质量管理", "生态环境损害赔偿制度完善",
    "城镇污水管网提质增效", "废旧动力电池回收利用监管", "噪声污染防治", "环境影响评价与排污许可衔接", "医疗废物规范管理",
    "流域生态保护修复", "机动车和非道路移动机械排放监管", "畜禽粪污资源化利用", "餐饮油烟污染治理", "入河排污口排查整治",
    "钢铁焦化行业超低排放改造", "港口码头扬尘治理", "废弃矿山生态修复", "化工园区环境风险预警", "地下水污染防治",
    "生态环境行政执法与刑事司法衔接", "夜间施工噪声管控", "河湖生态缓冲带建设", "工业园区污水处理设施提标改造",
    "生态环境志愿服务体系建设", "生态保护补偿机制", "危险废物跨省转移管理", "碳排放权交易市场建设", "温室气体排放核算",
    "农村生活污水治理设施运维", "重污染天气应急减排", "生态环境信息公开", "电磁辐射环境管理",
]
ACTIONS = ["加强", "进一步加强", "加快推进", "完善", "深化", "统筹推进", "健全", "强化", "支持", "规范"]


def chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n <= 10:
        return "十" if n == 10 else digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    tens, ones = divmod(n, 10)
    return digits[tens] + "十" + (digits[ones] if ones else "")


def session_name(kind: str, year: int) -> str:
    """省十四届人大三次会议 / 省政协十三届三次会议 for ``year`` (a term lasts five years)."""
    if kind == "npc":
        start = 2023 if year >= 2023 else (2018 if year >= 2018 else 2013)
        term = {2013: 12, 2018: 13, 2023: 14}[start]
        return f"省{chinese_number(term)}届人大{chinese_number(year - start + 1)}次会议"
    start = 2023 if year >= 2023 else (2018 if year >= 2018 else 2013)
    term = {2013: 11, 2018: 12, 2023: 13}[start]
    return f"省政协{chinese_number(term)}届{chinese_number(year - start + 1)}次会议"


_SUFFIX = re.compile(r"的(建议|提案)$")
DEMO_SUBJECTS = [_SUFFIX.sub("", p["title"]).removeprefix("关于") for p in dd.proposals]
DEMO_BODIES = [p["body"] for p in dd.proposals]
DEMO_REPLIES = [p["reply_excerpt"] for p in dd.proposals if p.get("reply_excerpt")]
DEMO_CONTACT_WORDS = [c["deputy_words"] for p in dd.proposals for c in p["contacts"]] + list(dd.contact_words)
DEMO_REQUIREMENTS = sorted({p["requirements"] for p in dd.proposals if p["requirements"]})
RECEPTION_ISSUES = [r["issue"] for r in dd.records]
RECEPTION_INSTRUCTIONS = [r["instruction"] for r in dd.records]
RECEPTION_RESULTS = [r["result"] for r in dd.records if r.get("result")]
NOTE_TEMPLATES = [
    "已召开处务会研究办理方案，明确{who}牵头，{days}日内形成答复初稿。",
    "赴{city}开展实地调研，察看{issue}相关点位{n}处，听取基层意见。",
    "与{city}生态环境局电话沟通，了解{issue}工作进展，收集相关数据。",
    "会同相关处室召开协调会，研究{issue}的政策措施。",
    "已形成答复初稿，正在征求会办处室意见。",
    "根据处室负责人意见修改答复稿，补充{issue}的具体措施和时间表。",
    "收集整理{city}近三年{issue}工作情况，形成办理材料。",
]


class Texts:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice(GIVEN)

    def phone(self) -> str:
        return "13" + str(self.rng.randint(0, 9)) + f"{self.rng.randint(0, 99999999):08d}"

    def title(self, kind: str) -> str:
        r = self.rng
        word = "建议" if kind == "npc" else "提案"
        roll = r.random()
        if roll < 0.35:
            subject = r.choice(DEMO_SUBJECTS)
            if r.random() < 0.4:
                subject = "进一步" + subject if not subject.startswith("进一步") else subject
        elif roll < 0.7:
            subject = r.choice(ACTIONS) + r.choice(CITIES) + r.choice(ISSUES)
        else:
            subject = r.choice(ACTIONS) + r.choice(ISSUES)
        return f"关于{subject}的{word}"

    def body(self, title: str) -> str:
        r = self.rng
        city = r.choice(CITIES)
        lead = f"{city}{r.choice(['近年来', '调研发现', '群众反映'])}，" if r.random() < 0.6 else ""
        return lead + r.choice(DEMO_BODIES)

    def proposer_unit(self) -> tuple[str, str]:
        r = self.rng
        return r.choice(UNITS).format(city=r.choice(CITIES)), r.choice(POSTS)

    def note(self) -> str:
        r = self.rng
        return r.choice(NOTE_TEMPLATES).format(
            who=r.choice(["处长", "副处长", "一级主任科员"]), days=r.choice([10, 15, 20, 30]), city=r.choice(CITIES),
            issue=r.choice(ISSUES), n=r.randint(2, 9),
        )

    def contact_words(self) -> str:
        return self.rng.choice(DEMO_CONTACT_WORDS)

    def reply_body(self) -> str:
        return self.rng.choice(DEMO_REPLIES)

    def requirements(self) -> str:
        return self.rng.choice(DEMO_REQUIREMENTS)

    def reception_issue(self) -> str:
        r = self.rng
        text = r.choice(RECEPTION_ISSUES)
        return re.sub(r"^[^，]{2,12}?(市|县)", r.choice(CITIES), text, count=1)
