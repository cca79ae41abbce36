"""Realistic demo content for ``seed-demo`` (pure data: no Flask, no database).

Everything here is fictional: "江南省" and its cities (临江市、青州市、云水市、北山市、南屏市) and counties
(东岭县、南湖县、清溪县 …) do not exist; names, phone numbers and ID numbers are made up. ID numbers use
the unused province code 39 and a deliberately wrong check digit, so none is a valid real ID.

The data describes the bureau as it stands on ``DEMO_AS_OF``. Dates are ISO strings ("YYYY-MM-DD");
a seeder that wants the demo to stay "live" may shift every date by ``today - DEMO_AS_OF``
(all deadlines are derived from ``assigned_on`` by the deadline rules, so shifting keeps them consistent).

Conventions used by the records below:

* Department names are the keys; every ``lead_dept`` / ``co_depts`` / ``department`` names an entry of
  ``DEPARTMENTS`` (users may also belong to one of ``OTHER_UNITS``, e.g. 信息中心).
* Leaders and users are referred to by ``username``.
* Optional values are ``None`` (never an empty string); lists may be empty.
"""
from __future__ import annotations

from typing import Literal, Optional, TypedDict

BUREAU_NAME = "江南省生态环境厅"
BUREAU_SHORT = "省生态环境厅"
PROVINCE = "江南省"
DEMO_AS_OF = "2026-11-20"

# ---------------------------------------------------------------------------
# Vocabularies (the values the records use)
# ---------------------------------------------------------------------------

KINDS = {"npc": "人大建议", "cppcc": "政协提案"}
LEVELS = {"provincial": "省级"}
PERIODS = {"session": "大会期间", "recess": "闭会期间"}
BUREAU_ROLES = {"lead": "主办", "separate": "分办", "co": "会办", "reference": "参阅"}
STAGES = {
    "assigned": "待签收",
    "return_requested": "申请退回",
    "in_progress": "办理中",
    "dept_review": "处室审核",
    "office_review": "办公室审核",
    "awaiting_signoff": "待签发",
    "replied": "已答复（征询中）",
    "closed": "办结",
    "rehandling": "重新办理",
    "withdrawn": "撤回",
}
# Stages in which a draft (or, for 会办, the opinion) exists, and those in which it has been sent.
DRAFT_STAGES = ("dept_review", "office_review", "awaiting_signoff", "replied", "closed", "rehandling")
SENT_STAGES = ("replied", "closed", "rehandling")
RESULT_CLASSES = {
    "A": "所提问题已经解决或基本解决",
    "B": "所提问题正在解决或已列入计划逐步解决",
    "C": "所提问题已列入规划，待条件成熟时逐步解决",
    "D": "所提问题因条件限制暂时无法解决，留作参考",
}
CONTACT_STAGES = ("办前", "办中", "办后")
CONTACT_METHODS = ("见面座谈", "走访", "调研", "电话", "视频", "书面")
SATISFACTION = ("满意", "基本满意", "不满意")
FEEDBACK_CHANNELS = ("书面回执", "电话回访", "当面", "网上")
RECEPTION_KINDS = ("现场接访", "下访", "约访")
CONTACT_POINT_KINDS = ("市县局", "企业", "村", "园区")

NPC_ASSIGNING_BODY = "省人大常委会选举联络人事任免工作委员会"
CPPCC_ASSIGNING_BODY = "省政协提案委员会"


# ---------------------------------------------------------------------------
# Record types
# ---------------------------------------------------------------------------


class Department(TypedDict):
    name: str
    code: str
    phone: str


class Leader(TypedDict):
    username: str
    name: str
    title: str
    in_charge: list[str]  # 分管处室 (department names)
    phone: str


class User(TypedDict):
    username: str
    name: str
    roles: list[str]  # subset of "office", "handler", "head", "leader", "admin"
    department: str  # a DEPARTMENTS name, or an OTHER_UNITS name
    title: str
    phone: str


class Proposer(TypedDict):
    name: str
    delegation: str  # 代表团 (NPC) or 界别/党派 (CPPCC)
    unit: str
    post: str
    phone: str


class Contact(TypedDict):
    stage: str  # 办前/办中/办后
    method: str  # 见面座谈/走访/调研/电话/视频/书面
    date: str
    participants: str
    leader_present: bool
    deputy_words: str  # what the deputy/member said


class Feedback(TypedDict):
    date: str
    met: bool  # 是否见面
    attitude: str  # 满意/基本满意/不满意
    result: str  # 满意/基本满意/不满意
    words: str
    channel: str  # 书面回执/电话回访/当面/网上


class Commitment(TypedDict):
    content: str
    due: str
    done: bool


class ReturnRequest(TypedDict):
    requested_on: str
    reason: str
    suggested: str  # a DEPARTMENTS name, or an outside unit (…厅)


class Withdrawal(TypedDict):
    date: str
    reason: str


class Proposal(TypedDict):
    ref: str  # stable demo key, "P01" …
    kind: Literal["npc", "cppcc"]
    level: str
    session_name: str
    year: int
    period: Literal["session", "recess"]
    number: str  # digits only; display as 第{number}号
    title: str
    body: str
    lead_proposer: Proposer
    co_signers: list[str]
    assigning_body: str
    assigned_on: str
    doc_no: str
    bureau_role: Literal["lead", "separate", "co", "reference"]
    lead_unit: Optional[str]  # outside lead unit, only for bureau_role == "co"
    lead_dept: str
    co_depts: list[str]
    leader: str  # username of the 分管 leader of lead_dept (定领导 / 领办领导 for key items)
    is_key: bool
    requirements: str
    stage: str
    return_request: Optional[ReturnRequest]  # stage == "return_requested"
    withdrawal: Optional[Withdrawal]  # stage == "withdrawn"
    contacts: list[Contact]
    result_class: Optional[str]  # A-D; from the draft stage on (None for 会办/参阅)
    reply_excerpt: Optional[str]  # draft/reply body; for 会办 the opinion sent to lead_unit
    reply_doc_no: Optional[str]  # once sent
    replied_on: Optional[str]  # once sent
    feedback: Optional[Feedback]  # closed (满意/基本满意) and rehandling (不满意)
    commitment: Optional[Commitment]  # B/C answers that have been sent


# ---------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------

DEPARTMENTS: list[Department] = [
    {"name": "办公室", "code": "bgs", "phone": "86601201"},
    {"name": "政策法规处", "code": "zcfgc", "phone": "86601235"},
    {"name": "大气环境处", "code": "dqc", "phone": "86601263"},
    {"name": "水生态环境处", "code": "sstc", "phone": "86601278"},
    {"name": "土壤生态环境处", "code": "trc", "phone": "86601291"},
    {"name": "固体废物与化学品处", "code": "gfc", "phone": "86601306"},
    {"name": "环境影响评价处", "code": "hpc", "phone": "86601318"},
    {"name": "生态环境监测处", "code": "jcc", "phone": "86601327"},
    {"name": "核与辐射安全处", "code": "hfc", "phone": "86601339"},
    {"name": "自然生态保护处", "code": "zrstc", "phone": "86601352"},
    {"name": "宣传教育处", "code": "xjc", "phone": "86601366"},
    {"name": "执法监督处", "code": "zfjdc", "phone": "86601371"},
    {"name": "科技与财务处", "code": "kjcwc", "phone": "86601385"},
]

# Units that are not 处室 handling items but where users sit.
OTHER_UNITS: list[Department] = [
    {"name": "信息中心", "code": "xxzx", "phone": "86601400"},
]

LEADERS: list[Leader] = [
    {
        "username": "director",
        "name": "陆伟东",
        "title": "厅长",
        "in_charge": ["办公室", "政策法规处"],
        "phone": "86601001",
    },
    {
        "username": "leader",
        "name": "周启明",
        "title": "副厅长",
        "in_charge": ["大气环境处", "生态环境监测处", "核与辐射安全处"],
        "phone": "86601003",
    },
    {
        "username": "leader2",
        "name": "钱淑芳",
        "title": "副厅长",
        "in_charge": ["水生态环境处", "土壤生态环境处", "自然生态保护处"],
        "phone": "86601005",
    },
    {
        "username": "leader3",
        "name": "梁志远",
        "title": "副厅长",
        "in_charge": ["固体废物与化学品处", "环境影响评价处", "执法监督处"],
        "phone": "86601007",
    },
    {
        "username": "leader4",
        "name": "宋立群",
        "title": "副厅长",
        "in_charge": ["宣传教育处", "科技与财务处"],
        "phone": "86601009",
    },
]

USERS: list[User] = [
    # 信息中心 / 办公室
    {"username": "admin", "name": "方哲", "roles": ["admin"], "department": "信息中心", "title": "信息中心工程师", "phone": "86601402"},
    {"username": "office", "name": "何雪梅", "roles": ["office"], "department": "办公室", "title": "一级主任科员", "phone": "86601206"},
    {"username": "office2", "name": "陈宇航", "roles": ["office"], "department": "办公室", "title": "科员", "phone": "86601207"},
    {"username": "head_office", "name": "唐建华", "roles": ["office", "head"], "department": "办公室", "title": "办公室主任", "phone": "86601202"},
    {"username": "dept_office", "name": "蔡文静", "roles": ["handler"], "department": "办公室", "title": "二级主任科员", "phone": "86601209"},
    # 大气环境处 / 水生态环境处 (the main demo accounts)
    {"username": "dept", "name": "林嘉怡", "roles": ["handler"], "department": "大气环境处", "title": "一级主任科员", "phone": "86601266"},
    {"username": "head", "name": "孙海波", "roles": ["head"], "department": "大气环境处", "title": "处长", "phone": "86601263"},
    {"username": "dept2", "name": "吴思远", "roles": ["handler"], "department": "水生态环境处", "title": "二级主任科员", "phone": "86601281"},
    {"username": "head2", "name": "郑丽华", "roles": ["head"], "department": "水生态环境处", "title": "处长", "phone": "86601278"},
    # the other 处室: one handler and the head
    {"username": "dept_law", "name": "邵明轩", "roles": ["handler"], "department": "政策法规处", "title": "科员", "phone": "86601237"},
    {"username": "head_law", "name": "黄永康", "roles": ["head"], "department": "政策法规处", "title": "处长", "phone": "86601235"},
    {"username": "dept_soil", "name": "谢雨桐", "roles": ["handler"], "department": "土壤生态环境处", "title": "一级主任科员", "phone": "86601293"},
    {"username": "head_soil", "name": "潘国梁", "roles": ["head"], "department": "土壤生态环境处", "title": "处长", "phone": "86601291"},
    {"username": "dept_waste", "name": "冯志诚", "roles": ["handler"], "department": "固体废物与化学品处", "title": "副处长", "phone": "86601308"},
    {"username": "head_waste", "name": "傅晓燕", "roles": ["head"], "department": "固体废物与化学品处", "title": "处长", "phone": "86601306"},
    {"username": "dept_eia", "name": "曹宁", "roles": ["handler"], "department": "环境影响评价处", "title": "二级主任科员", "phone": "86601320"},
    {"username": "head_eia", "name": "贺振宇", "roles": ["head"], "department": "环境影响评价处", "title": "处长", "phone": "86601318"},
    {"username": "dept_monitor", "name": "杜佳琪", "roles": ["handler"], "department": "生态环境监测处", "title": "四级主任科员", "phone": "86601329"},
    {"username": "head_monitor", "name": "罗建新", "roles": ["head"], "department": "生态环境监测处", "title": "处长", "phone": "86601327"},
    {"username": "dept_nuclear", "name": "邹凯", "roles": ["handler"], "department": "核与辐射安全处", "title": "一级主任科员", "phone": "86601341"},
    {"username": "head_nuclear", "name": "彭卫国", "roles": ["head"], "department": "核与辐射安全处", "title": "处长", "phone": "86601339"},
    {"username": "dept_eco", "name": "叶欣然", "roles": ["handler"], "department": "自然生态保护处", "title": "科员", "phone": "86601355"},
    {"username": "head_eco", "name": "魏立军", "roles": ["head"], "department": "自然生态保护处", "title": "处长", "phone": "86601352"},
    {"username": "dept_pr", "name": "苏晴", "roles": ["handler"], "department": "宣传教育处", "title": "二级主任科员", "phone": "86601368"},
    {"username": "head_pr", "name": "蒋慧敏", "roles": ["head"], "department": "宣传教育处", "title": "处长", "phone": "86601366"},
    {"username": "dept_enforce", "name": "田浩然", "roles": ["handler"], "department": "执法监督处", "title": "一级主任科员", "phone": "86601373"},
    {"username": "head_enforce", "name": "范志刚", "roles": ["head"], "department": "执法监督处", "title": "处长", "phone": "86601371"},
    {"username": "dept_finance", "name": "汪琳", "roles": ["handler"], "department": "科技与财务处", "title": "四级主任科员", "phone": "86601387"},
    {"username": "head_finance", "name": "石永红", "roles": ["head"], "department": "科技与财务处", "title": "处长", "phone": "86601385"},
]

# Usernames the README lists as demo logins.
DEMO_USERNAMES = ["admin", "office", "office2", "dept", "dept2", "head", "head2", "leader", "leader2", "leader3", "leader4", "director"]

LEADER_OF_DEPT: dict[str, str] = {dept: leader["username"] for leader in LEADERS for dept in leader["in_charge"]}
HANDLER_OF_DEPT: dict[str, str] = {
    user["department"]: user["username"] for user in reversed(USERS) if "handler" in user["roles"]
}
HEAD_OF_DEPT: dict[str, str] = {user["department"]: user["username"] for user in USERS if "head" in user["roles"]}

# Outside units that lead items this bureau co-handles.
OUTSIDE_UNITS = [
    "省住房城乡建设厅",
    "省水利厅",
    "省农业农村厅",
    "省自然资源厅",
    "省工业和信息化厅",
    "省发展改革委",
    "省交通运输厅",
]

# ---------------------------------------------------------------------------
# Proposals (人大建议 / 政协提案)
# ---------------------------------------------------------------------------

NPC25 = "省十四届人大三次会议"
NPC26 = "省十四届人大四次会议"
CPPCC25 = "省政协十三届三次会议"
CPPCC26 = "省政协十三届四次会议"


def _who(name: str, delegation: str, unit: str, post: str, phone: str) -> Proposer:
    return {"name": name, "delegation": delegation, "unit": unit, "post": post, "phone": phone}


def _c(stage: str, method: str, date: str, participants: str, words: str, leader: bool = False) -> Contact:
    return {
        "stage": stage,
        "method": method,
        "date": date,
        "participants": participants,
        "leader_present": leader,
        "deputy_words": words,
    }


def _fb(date: str, result: str, words: str, channel: str = "书面回执", attitude: str = "满意", met: bool = True) -> Feedback:
    return {"date": date, "met": met, "attitude": attitude, "result": result, "words": words, "channel": channel}


def _cm(content: str, due: str, done: bool = False) -> Commitment:
    return {"content": content, "due": due, "done": done}


def _p(
    ref: str,
    kind: str,
    session_name: str,
    year: int,
    number: str,
    title: str,
    body: str,
    lead_proposer: Proposer,
    assigned_on: str,
    doc_no: str,
    lead_dept: str,
    requirements: str,
    stage: str,
    *,
    period: str = "session",
    co_signers: Optional[list[str]] = None,
    bureau_role: str = "lead",
    lead_unit: Optional[str] = None,
    co_depts: Optional[list[str]] = None,
    is_key: bool = False,
    return_request: Optional[ReturnRequest] = None,
    withdrawal: Optional[Withdrawal] = None,
    contacts: Optional[list[Contact]] = None,
    result_class: Optional[str] = None,
    reply_excerpt: Optional[str] = None,
    reply_doc_no: Optional[str] = None,
    replied_on: Optional[str] = None,
    feedback: Optional[Feedback] = None,
    commitment: Optional[Commitment] = None,
) -> Proposal:
    return {
        "ref": ref,
        "kind": kind,  # type: ignore[typeddict-item]
        "level": "provincial",
        "session_name": session_name,
        "year": year,
        "period": period,  # type: ignore[typeddict-item]
        "number": number,
        "title": title,
        "body": body,
        "lead_proposer": lead_proposer,
        "co_signers": list(co_signers or []),
        "assigning_body": NPC_ASSIGNING_BODY if kind == "npc" else CPPCC_ASSIGNING_BODY,
        "assigned_on": assigned_on,
        "doc_no": doc_no,
        "bureau_role": bureau_role,  # type: ignore[typeddict-item]
        "lead_unit": lead_unit,
        "lead_dept": lead_dept,
        "co_depts": list(co_depts or []),
        "leader": LEADER_OF_DEPT[lead_dept],
        "is_key": is_key,
        "requirements": requirements,
        "stage": stage,
        "return_request": return_request,
        "withdrawal": withdrawal,
        "contacts": list(contacts or []),
        "result_class": result_class,
        "reply_excerpt": reply_excerpt,
        "reply_doc_no": reply_doc_no,
        "replied_on": replied_on,
        "feedback": feedback,
        "commitment": commitment,
    }


PROPOSALS: list[Proposal] = [
    # ======================= 2025 · 省十四届人大三次会议 =======================
    _p(
        "P01", "npc", NPC25, 2025, "0216",
        "关于加强臭氧污染协同防控的建议",
        "近年来我省PM2.5浓度持续下降，但臭氧浓度不降反升，夏秋季已成为影响优良天数比例的首要污染物。"
        "究其原因，一是挥发性有机物和氮氧化物协同减排不够，二是城市之间预警会商和应急联动机制不健全，三是臭氧成因监测能力不足。"
        "建议：一是制定全省臭氧污染防治攻坚方案，明确重点行业VOCs和NOx减排目标。"
        "二是建立临江、青州、云水等城市臭氧污染联防联控和预警会商机制。"
        "三是在重点城市加密光化学监测站点，开展臭氧来源解析。",
        _who("顾振宇", "临江代表团", "临江市环境科学研究院", "院长", "13905718842"),
        "2025-03-18", "江南人大交〔2025〕9号", "大气环境处",
        "重点建议，由分管厅领导领办；答复前须与代表见面沟通，办理情况按季度报送办公室",
        "closed",
        co_signers=["许丽娟", "马国强", "邓晓峰"],
        co_depts=["生态环境监测处"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2025-04-10", "周启明副厅长、大气环境处孙海波处长、林嘉怡；顾振宇代表",
               "代表希望把臭氧防控放在夏季攻坚的首位，尽快公布重点行业减排清单。", leader=True),
            _c("办中", "调研", "2025-05-22", "大气环境处、生态环境监测处；顾振宇代表",
               "代表实地察看了临江市两家涂装企业，建议对中小企业治理设施运维给予技术帮扶。"),
        ],
        result_class="B",
        reply_excerpt="您提出的建议对我省做好臭氧污染防治工作很有指导意义。我厅已印发《江南省臭氧污染防治攻坚行动方案（2025—2027年）》，"
        "将石化、涂装、包装印刷等行业列为VOCs减排重点，并建立临江、青州、云水三市臭氧污染预警会商机制。"
        "下一步，我们将在3个重点城市新建光化学组分监测站，开展臭氧来源解析。",
        reply_doc_no="江南环函〔2025〕63号",
        replied_on="2025-06-10",
        feedback=_fb("2025-07-02", "满意", "办理态度认真，方案针对性强，希望光化学监测站尽快建成。"),
        commitment=_cm("在临江、青州、云水三市各建成1个光化学组分监测站并联网运行", "2026-06-30", done=True),
    ),
    _p(
        "P02", "npc", NPC25, 2025, "0458",
        "关于巩固城市黑臭水体治理成效、建立长效管护机制的建议",
        "我省地级城市建成区黑臭水体已基本消除，但部分水体雨季返黑返臭问题时有发生。"
        "主要原因是截污纳管不彻底、雨污混接错接排查不到位，管护责任和经费没有长效保障。"
        "建议：一是开展已治理黑臭水体“回头看”，对返黑返臭水体挂牌督办。"
        "二是推动城市排水管网雨污分流改造。三是将水体管护纳入河湖长制考核，保障日常运维经费。",
        _who("沈慧玲", "青州代表团", "青州市城南街道办事处", "党工委书记", "13857261093"),
        "2025-03-18", "江南人大交〔2025〕9号", "水生态环境处",
        "答复前须与代表见面沟通，答复内容须逐条回应代表所提三项建议",
        "closed",
        co_signers=["黄建军", "朱雅琴"],
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "走访", "2025-04-16", "水生态环境处郑丽华处长、吴思远；沈慧玲代表",
               "代表反映城南片区的二号河雨后仍有异味，希望纳入“回头看”重点。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省住房城乡建设厅对全省已完成治理的126个城市黑臭水体开展“回头看”，对发现返黑返臭的5个水体实行挂牌督办，"
        "目前均已完成整改。青州市二号河已完成沿线38处雨污混接点改造，水质稳定达到Ⅴ类以上。",
        reply_doc_no="江南环函〔2025〕58号",
        replied_on="2025-06-05",
        feedback=_fb("2025-06-26", "满意", "问题解决得很实在，二号河现在没有异味了，群众很满意。"),
    ),
    _p(
        "P03", "npc", NPC25, 2025, "0731",
        "关于加强受污染耕地安全利用的建议",
        "我省部分地区耕地土壤存在镉等重金属超标问题，安全利用措施在基层落实不够。"
        "农户对低积累品种和叶面阻控等技术掌握不足，安全利用补助标准偏低，农产品协同监测覆盖面不够。"
        "建议：一是加大受污染耕地安全利用技术推广和培训。二是提高安全利用补助标准。"
        "三是建立耕地土壤与农产品协同监测网络，对严格管控类耕地实施种植结构调整。",
        _who("刘春生", "云水代表团", "云水市南湖县稻香农业专业合作社", "理事长", "13767014526"),
        "2025-03-18", "江南人大交〔2025〕9号", "土壤生态环境处",
        "答复前须与代表沟通，涉及农业农村部门的内容须会商后答复",
        "closed",
        co_signers=["邱红梅"],
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "电话", "2025-04-08", "土壤生态环境处谢雨桐；刘春生代表",
               "代表希望补助资金直接发到种粮农户手里，不要层层截留。"),
            _c("办中", "调研", "2025-05-14", "土壤生态环境处潘国梁处长、谢雨桐；刘春生代表；南湖县农业农村局",
               "代表陪同察看了南湖县示范区，认为叶面阻控效果明显，建议扩大示范面积。"),
        ],
        result_class="B",
        reply_excerpt="2024年全省受污染耕地安全利用率达到93%以上。我厅已会同省农业农村厅在南湖县等12个县建设安全利用示范区，"
        "组织技术培训46场次。下一步将推动将安全利用补助纳入省级耕地保护资金统筹安排，并扩大土壤与农产品协同监测点位。",
        reply_doc_no="江南环函〔2025〕66号",
        replied_on="2025-06-12",
        feedback=_fb("2025-07-08", "基本满意", "工作有进展，希望补助标准提高的事尽快落地。", channel="电话回访", met=True),
        commitment=_cm("会同省农业农村厅将受污染耕地安全利用补助纳入省级耕地保护资金统筹安排", "2026-12-31"),
    ),
    _p(
        "P04", "npc", NPC25, 2025, "0902",
        "关于加强建筑工地和道路扬尘精细化管控的建议",
        "我省城市扬尘对PM10贡献率仍在20%以上，建筑工地“六个百分之百”落实不到位，渣土车抛洒滴漏屡禁不止。"
        "建议：一是推行工地扬尘在线监测和视频监控全覆盖，数据接入住建、生态环境部门平台。"
        "二是对渣土运输实行全过程密闭和电子联单管理。三是提高城市主干道机扫水洗作业频次。",
        _who("王立新", "北山代表团", "北山市建工集团有限公司", "总经理", "13605851377"),
        "2025-03-18", "江南人大交〔2025〕9号", "大气环境处",
        "会办件：会办意见须于交办之日起一个月内书面送省住房城乡建设厅",
        "closed",
        bureau_role="co",
        lead_unit="省住房城乡建设厅",
        co_signers=["陈国华", "黎晓燕"],
        contacts=[
            _c("办中", "电话", "2025-04-03", "大气环境处林嘉怡；王立新代表",
               "代表希望生态环境部门把扬尘监测数据与住建部门共享，减少企业重复报送。"),
        ],
        reply_excerpt="我厅同意省住房城乡建设厅的办理意见。我厅已将全省1860个建筑工地扬尘在线监测点位数据接入省生态环境大数据平台，"
        "可向住建部门实时共享；建议将扬尘监测超标情况纳入施工企业信用评价。",
        reply_doc_no="江南环函〔2025〕31号",
        replied_on="2025-04-15",
    ),
    _p(
        "P05", "npc", NPC25, 2025, "1037",
        "关于提升基层生态环境执法能力的建议",
        "生态环境机构垂直管理改革后，县级执法力量明显不足，一些执法大队仅有5至8名执法人员，面对上千家污染源力不从心。"
        "同时执法装备老化，非现场监管手段应用不充分。建议：一是核定并充实县级执法队伍编制。"
        "二是加大执法装备配备和无人机、在线监控等非现场执法手段应用。三是建立全省执法人员轮训和跨区域交叉执法机制。",
        _who("杨秀兰", "北山代表团", "北山市东岭县人民检察院", "副检察长", "13957182264"),
        "2025-03-25", "江南人大交〔2025〕11号", "执法监督处",
        "答复前须与代表见面沟通；涉及编制、经费的内容须与科技与财务处会商",
        "closed",
        co_depts=["科技与财务处"],
        contacts=[
            _c("办前", "见面座谈", "2025-04-21", "执法监督处范志刚处长、田浩然；杨秀兰代表",
               "代表建议在检察公益诉讼和行政执法之间建立线索移送机制。"),
        ],
        result_class="A",
        reply_excerpt="2025年省级财政安排执法能力建设资金6200万元，为县级执法机构配备无人机、便携式快速检测设备等1400余台（套）。"
        "我厅已建立全省执法人员年度轮训制度，并在北山、云水两市开展跨区域交叉执法，与省检察院建立公益诉讼线索双向移送机制。",
        reply_doc_no="江南环函〔2025〕70号",
        replied_on="2025-06-16",
        feedback=_fb("2025-07-10", "满意", "答复实在，线索移送机制已经在用了。"),
    ),
    _p(
        "P06", "npc", NPC25, 2025, "0588",
        "关于加强乡镇级集中式饮用水水源地保护的建议",
        "我省乡镇级集中式饮用水水源地数量多、规模小，部分水源保护区划定后未设立界标，保护区内仍有农家乐、养殖等活动。"
        "建议：一是完成全部乡镇级水源保护区规范化建设。二是开展保护区内违法违规问题清理整治。"
        "三是提高水源地水质监测频次并向社会公开。",
        _who("陈建国", "南屏代表团", "南屏市清溪县自来水有限公司", "经理", "15857093318"),
        "2025-03-18", "江南人大交〔2025〕9号", "水生态环境处",
        "分办件，由我厅就职责范围内事项单独答复；答复前须与代表沟通",
        "closed",
        bureau_role="separate",
        co_signers=["方丽萍", "周国良"],
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "电话", "2025-04-09", "水生态环境处吴思远；陈建国代表",
               "代表希望优先解决清溪县两处水源地内农家乐问题。"),
            _c("办后", "走访", "2025-09-18", "水生态环境处郑丽华处长、吴思远；陈建国代表",
               "代表对清溪县水源地整治进展表示认可。"),
        ],
        result_class="B",
        reply_excerpt="截至2025年5月，全省已完成乡镇级水源保护区界标设置1126处，清理整治保护区内问题213个。"
        "清溪县两处水源地内农家乐已列入整治清单，计划于2025年底前完成关停搬迁。我厅将把乡镇级水源地监测频次由每半年一次提高到每季度一次。",
        reply_doc_no="江南环函〔2025〕67号",
        replied_on="2025-06-13",
        feedback=_fb("2025-07-04", "满意", "整治清单很具体，希望年底前按期完成。", met=False),
        commitment=_cm("清溪县两处乡镇级水源保护区内农家乐完成关停搬迁", "2025-12-31", done=True),
    ),
    _p(
        "P07", "npc", NPC25, 2025, "1102",
        "关于加快补齐危险废物集中处置能力短板的建议",
        "随着我省化工、电子等产业快速发展，危险废物产生量逐年增加，部分地市焚烧、填埋处置能力不足，企业跨市转移处置成本高、周期长。"
        "建议：一是编制全省危险废物集中处置设施建设规划，实现设区市处置能力全覆盖。"
        "二是优化跨市转移审批流程。三是支持龙头企业建设资源化利用项目。",
        _who("蒋伟明", "临江代表团", "临江化学工业园区管委会", "副主任", "13588126745"),
        "2025-03-25", "江南人大交〔2025〕11号", "固体废物与化学品处",
        "答复前须与代表见面沟通，涉及规划的事项须明确时间表",
        "closed",
        co_signers=["胡晓东", "卢敏"],
        co_depts=["环境影响评价处"],
        contacts=[
            _c("办前", "见面座谈", "2025-04-24", "固体废物与化学品处傅晓燕处长、冯志诚；蒋伟明代表",
               "代表反映园区企业的废盐、废活性炭处置难，希望列入规划。"),
        ],
        result_class="C",
        reply_excerpt="我厅已启动《江南省危险废物集中处置设施建设规划（2026—2030年）》编制工作，将废盐、废活性炭等处置能力缺口纳入规划统筹解决。"
        "跨设区市转移审批已实现全程网办，审批时限由20个工作日压缩至10个工作日。",
        reply_doc_no="江南环函〔2025〕74号",
        replied_on="2025-06-20",
        feedback=_fb("2025-07-15", "基本满意", "规划思路可以，但建设周期较长，希望加快。"),
        commitment=_cm("印发《江南省危险废物集中处置设施建设规划（2026—2030年）》", "2026-12-31"),
    ),
    # ======================= 2025 · 省政协十三届三次会议 =======================
    _p(
        "P08", "cppcc", CPPCC25, 2025, "0127",
        "关于加强新污染物治理的提案",
        "持久性有机污染物、内分泌干扰物、抗生素、微塑料等新污染物环境风险日益受到关注，我省新污染物底数不清、监测能力不足、治理责任分散。"
        "建议：一是开展全省新污染物环境调查监测，摸清重点行业和重点流域底数。"
        "二是建立由生态环境部门牵头、多部门参与的新污染物治理协调机制。三是支持高校和科研院所开展替代品和治理技术攻关。",
        _who("严志华", "九三学社", "江南省环境科学研究院", "研究员", "13819027436"),
        "2025-03-20", "江南政协提交〔2025〕5号", "固体废物与化学品处",
        "重点提案，由分管厅领导领办；答复前须与提案人当面沟通",
        "closed",
        co_signers=["金晓燕", "孔德明", "唐慧", "韦建新"],
        co_depts=["生态环境监测处", "科技与财务处"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2025-04-17", "梁志远副厅长、固体废物与化学品处傅晓燕处长、冯志诚；严志华委员等3名提案人",
               "提案人建议先选择一到两个流域开展试点调查，不要铺得太开。", leader=True),
            _c("办后", "电话", "2025-10-20", "固体废物与化学品处冯志诚；严志华委员",
               "委员了解了试点调查进展，表示满意。"),
        ],
        result_class="B",
        reply_excerpt="我省已印发《江南省新污染物治理工作方案》，成立由11个部门组成的新污染物治理工作协调小组。"
        "2025年起在云水江流域开展新污染物环境调查监测试点，并将新污染物治理技术列入省重点研发计划指南。",
        reply_doc_no="江南环函〔2025〕61号",
        replied_on="2025-06-09",
        feedback=_fb("2025-06-30", "满意", "协调机制已经建立，试点方向正确，感谢认真办理。"),
        commitment=_cm("完成云水江流域新污染物环境调查监测试点并形成调查报告", "2026-06-30", done=True),
    ),
    _p(
        "P09", "cppcc", CPPCC25, 2025, "0264",
        "关于推进自然保护地整合优化的提案",
        "我省自然保护地存在交叉重叠、边界不清、保护与发展矛盾突出等问题，部分保护区内仍有历史遗留的小水电和采石场。"
        "建议：一是加快完成自然保护地整合优化，做到一地一牌。二是制定历史遗留问题分类处置方案。"
        "三是加强自然保护地生态环境监管，定期开展“绿盾”专项行动。",
        _who("程雅静", "农工党", "云水师范学院生命科学学院", "教授", "13706581529"),
        "2025-03-20", "江南政协提交〔2025〕5号", "自然生态保护处",
        "答复前须与提案人沟通；涉及自然资源部门职责的内容须会商",
        "closed",
        co_signers=["黄伟"],
        contacts=[
            _c("办前", "视频", "2025-04-11", "自然生态保护处魏立军处长、叶欣然；程雅静委员",
               "委员希望公开“绿盾”行动发现问题的整改情况。"),
        ],
        result_class="A",
        reply_excerpt="2025年“绿盾”自然保护地强化监督共排查问题线索318个，已完成整改296个，整改情况已在我厅网站公开。"
        "对保护区内小水电、采石场等历史遗留问题，我厅已会同省自然资源厅、省水利厅制定分类处置方案并逐一销号。",
        reply_doc_no="江南环函〔2025〕62号",
        replied_on="2025-06-10",
        feedback=_fb("2025-06-27", "满意", "整改情况公开很好，回应了群众关切。", channel="电话回访", met=False),
    ),
    _p(
        "P10", "cppcc", CPPCC25, 2025, "0310",
        "关于加强核技术利用单位辐射安全监管的提案",
        "我省核技术利用单位已超过4000家，其中医疗机构、工业探伤单位占比较大，部分单位辐射安全管理制度不落实，放射源丢失风险不容忽视。"
        "建议：一是对移动探伤等高风险活动实施在线监控。二是加强辐射工作人员培训考核。三是完善放射源全生命周期跟踪管理。",
        _who("钟立平", "科学技术界", "江南省核工业地质研究院", "高级工程师", "13967152084"),
        "2025-03-20", "江南政协提交〔2025〕5号", "核与辐射安全处",
        "答复前须与提案人沟通，答复内容须逐条回应",
        "closed",
        contacts=[
            _c("办前", "见面座谈", "2025-04-15", "核与辐射安全处彭卫国处长、邹凯；钟立平委员",
               "委员建议借鉴外省经验，给移动探伤设备加装定位和剂量监测终端。"),
        ],
        result_class="A",
        reply_excerpt="我厅已在全省推行移动式探伤装置在线监控，全省263台移动探伤设备全部安装定位和剂量监测终端，实时接入省辐射安全监管平台。"
        "2025年组织辐射安全培训考核1.2万人次，放射源实现从生产、使用到收贮的全过程跟踪。",
        reply_doc_no="江南环函〔2025〕65号",
        replied_on="2025-06-11",
        feedback=_fb("2025-07-01", "满意", "措施有力，在线监控覆盖得很及时。"),
    ),
    _p(
        "P11", "cppcc", CPPCC25, 2025, "0402",
        "关于深化生态环境教育进校园的提案",
        "中小学生态环境教育存在课时不固定、师资缺乏、实践基地少等问题，教育效果有待提高。"
        "建议：一是将生态环境教育纳入中小学地方课程。二是依托环境监测站、污水处理厂等设施建设一批环保设施开放单位和研学基地。"
        "三是组织环保志愿者进校园开展常态化宣讲。",
        _who("郭晓梅", "民进", "临江市实验小学", "校长", "13656701492"),
        "2025-03-20", "江南政协提交〔2025〕5号", "宣传教育处",
        "答复前须与提案人沟通；涉及教育部门职责的内容须会商省教育厅",
        "closed",
        co_signers=["范丽华", "姚新民"],
        contacts=[
            _c("办前", "电话", "2025-04-07", "宣传教育处苏晴；郭晓梅委员",
               "委员希望环保设施开放单位能接待小学生团队，并提供讲解。"),
        ],
        result_class="A",
        reply_excerpt="全省已有环保设施开放单位142家，2025年接待中小学生参观4.6万人次。"
        "我厅会同省教育厅评选首批50所省级生态文明教育特色学校，组建了300人的生态环境宣讲志愿队伍，常态化开展进校园活动。",
        reply_doc_no="江南环函〔2025〕59号",
        replied_on="2025-06-06",
        feedback=_fb("2025-06-25", "满意", "学校已经组织学生参观了监测站，孩子们很感兴趣。", met=False),
    ),
    _p(
        "P12", "cppcc", CPPCC25, 2025, "0519",
        "关于优化建设项目环评审批服务的提案",
        "部分企业反映建设项目环评审批环节多、时间长，环评报告编制质量参差不齐，重复修改耗时。"
        "建议：一是推行环评审批“打捆”和告知承诺制。二是对省级重大项目提前介入、全程服务。三是加强环评编制单位信用监管。",
        _who("许国栋", "经济界", "青州恒达新材料股份有限公司", "董事长", "13805712668"),
        "2025-03-20", "江南政协提交〔2025〕5号", "环境影响评价处",
        "答复前须与提案人沟通，说明改革措施的适用范围",
        "closed",
        co_depts=["政策法规处"],
        contacts=[
            _c("办前", "走访", "2025-04-22", "环境影响评价处贺振宇处长、曹宁；许国栋委员",
               "委员希望告知承诺制能覆盖更多中小企业技改项目。"),
        ],
        result_class="A",
        reply_excerpt="我省已在产业园区推行规划环评与项目环评联动，符合条件的项目环评文件可简化编制内容，告知承诺制审批范围扩大到18个行业类别。"
        "对省级重大项目实行环评审批“专班服务”，平均审批时限压缩至法定时限的40%。",
        reply_doc_no="江南环函〔2025〕71号",
        replied_on="2025-06-17",
        feedback=_fb("2025-07-09", "基本满意", "措施方向是对的，但基层落实还有差距，希望加强督导。", attitude="满意"),
    ),
    _p(
        "P13", "cppcc", CPPCC25, 2025, "0633",
        "关于加快推进挥发性有机物源头替代的提案",
        "我省VOCs排放量大，工业涂装、包装印刷等行业低VOCs含量原辅材料替代比例偏低，末端治理设施简易低效问题普遍。"
        "建议：一是制定重点行业源头替代计划并给予资金补助。二是开展简易低效治理设施清理整治。三是推广VOCs治理“绿岛”共享模式。",
        _who("华文涛", "环境资源界", "江南理工大学环境学院", "副院长", "13867423150"),
        "2025-03-20", "江南政协提交〔2025〕5号", "大气环境处",
        "答复前须与提案人沟通；涉及资金补助的内容须与科技与财务处会商",
        "closed",
        co_signers=["邵红", "柳建平"],
        co_depts=["科技与财务处"],
        contacts=[
            _c("办前", "调研", "2025-04-28", "大气环境处孙海波处长、林嘉怡；华文涛委员",
               "委员认为“绿岛”模式适合小微涂装企业集聚区，应加快推广。"),
        ],
        result_class="B",
        reply_excerpt="2025年省级大气污染防治专项资金安排1.5亿元支持源头替代项目。我厅已组织对全省2100余套简易低效VOCs治理设施开展排查整治，"
        "并在北山、南屏两市建成3个VOCs治理“绿岛”项目。",
        reply_doc_no="江南环函〔2025〕68号",
        replied_on="2025-06-13",
        feedback=_fb("2025-07-07", "满意", "资金支持落实到位，希望继续推广“绿岛”。"),
        commitment=_cm("完成全省简易低效VOCs治理设施排查整治", "2026-06-30", done=True),
    ),
    _p(
        "P14", "cppcc", CPPCC25, 2025, "0705",
        "关于在全省推广生活垃圾分类积分制的提案",
        "部分城市居民垃圾分类参与率不高，激励措施不足。建议：一是推广“垃圾分类积分兑换”模式。"
        "二是将垃圾分类纳入文明城市测评。三是加强可回收物回收网点建设。",
        _who("冯佩瑶", "妇联", "青州市妇女联合会", "副主席", "13575890213"),
        "2025-03-20", "江南政协提交〔2025〕5号", "固体废物与化学品处",
        "答复前须与提案人沟通",
        "withdrawn",
        withdrawal={"date": "2025-04-08", "reason": "提案人以该事项主要属省住房城乡建设厅职责、已另行提交为由申请撤回，经省政协提案委员会同意。"},
    ),
    # ======================= 2026 · 省十四届人大四次会议 =======================
    _p(
        "P15", "npc", NPC26, 2026, "1037",
        "关于加快推进工业园区挥发性有机物综合治理的建议",
        "我省石化、化工园区VOCs排放集中，园区周边异味投诉多，泄漏检测与修复（LDAR）质量不高，园区监测监控体系不健全。"
        "建议：一是在省级以上化工园区全面建设VOCs监测预警体系。二是开展LDAR质量专项检查。"
        "三是对园区异味问题实行“一园一策”治理，并向周边群众公开治理进展。",
        _who("叶振华", "临江代表团", "临江市江北区人大常委会", "主任", "13906571832"),
        "2026-03-17", "江南人大交〔2026〕12号", "大气环境处",
        "重点建议，由分管厅领导领办；答复前须与代表见面沟通并邀请代表实地察看，办理情况按季度报送办公室",
        "closed",
        co_signers=["钱晓东", "蔡美华", "罗志军"],
        co_depts=["执法监督处"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2026-04-02", "周启明副厅长、大气环境处孙海波处长、林嘉怡；叶振华代表等4名代表",
               "代表希望先从群众投诉最多的临江化学工业园区入手，半年内见到实效。", leader=True),
            _c("办中", "调研", "2026-05-13", "大气环境处、执法监督处；叶振华代表；临江市生态环境局",
               "代表察看了园区边界监测站，建议将监测数据在园区门口电子屏公开。"),
            _c("办后", "走访", "2026-10-15", "大气环境处林嘉怡；叶振华代表",
               "代表反映园区周边异味投诉明显减少，希望持续巩固。"),
        ],
        result_class="B",
        reply_excerpt="我厅已在全省14个省级以上化工园区建成VOCs监测预警体系，园区边界监测数据实时公开。"
        "2026年4月至5月开展LDAR质量专项检查，查处弄虚作假问题11起；临江化学工业园区“一园一策”治理方案已印发实施。",
        reply_doc_no="江南环函〔2026〕52号",
        replied_on="2026-06-05",
        feedback=_fb("2026-06-29", "满意", "领导亲自带队调研，措施具体，异味问题有明显改善。", channel="当面"),
        commitment=_cm("临江化学工业园区“一园一策”治理项目全部完工并通过评估", "2026-12-31"),
    ),
    _p(
        "P16", "npc", NPC26, 2026, "0152",
        "关于深化河湖长制、推进幸福河湖建设的建议",
        "河湖长制全面推行以来，我省河湖面貌明显改善，但部分基层河湖长履职“重巡河、轻治河”，部门之间协同不够。"
        "建议：一是完善河湖长履职评价办法。二是推动水利、生态环境、农业农村等部门数据共享。三是以县为单位建设一批幸福河湖。",
        _who("朱永红", "青州代表团", "青州市桐溪县白溪镇人民政府", "镇长", "13758063419"),
        "2026-03-17", "江南人大交〔2026〕12号", "水生态环境处",
        "会办件：会办意见须于交办之日起一个月内书面送省水利厅",
        "closed",
        bureau_role="co",
        lead_unit="省水利厅",
        reply_excerpt="我厅同意省水利厅的办理意见。我厅已将全省432个国控、省控断面水质监测数据通过省河湖长制信息平台向各级河湖长推送，"
        "并将断面水质达标情况作为河湖长履职评价的重要内容。",
        reply_doc_no="江南环函〔2026〕27号",
        replied_on="2026-04-14",
    ),
    _p(
        "P17", "npc", NPC26, 2026, "0276",
        "关于加强秸秆露天焚烧管控和综合利用的建议",
        "每年夏收、秋收期间，部分地区秸秆露天焚烧反弹，导致短时重污染天气。"
        "究其原因，秸秆收储运体系不健全，综合利用渠道少，农民处置成本高。"
        "建议：一是运用卫星遥感和视频监控加强火点监测。二是完善秸秆收储运体系并给予补贴。三是推广秸秆肥料化、饲料化、能源化利用。",
        _who("魏德明", "北山代表团", "北山市石岭县农机专业合作社联合社", "理事长", "15067192048"),
        "2026-03-17", "江南人大交〔2026〕12号", "大气环境处",
        "答复前须与代表沟通；涉及农业农村部门职责的内容须会商",
        "closed",
        co_signers=["刘桂英"],
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "电话", "2026-03-30", "大气环境处林嘉怡；魏德明代表",
               "代表建议秸秆还田机械作业补贴再提高一些。"),
        ],
        result_class="A",
        reply_excerpt="我厅已建成秸秆焚烧火点卫星遥感和高空视频监控系统，2026年夏收期间全省火点数同比下降62%。"
        "会同省农业农村厅将秸秆离田收储纳入农机作业补贴，全省秸秆综合利用率达到96%以上。",
        reply_doc_no="江南环函〔2026〕49号",
        replied_on="2026-06-02",
        feedback=_fb("2026-06-22", "满意", "今年夏收基本没看到烧秸秆的，效果好。", channel="电话回访", met=False),
    ),
    _p(
        "P18", "npc", NPC26, 2026, "0419",
        "关于建立污染地块再开发利用联动监管机制的建议",
        "城市更新过程中，关停搬迁工业企业遗留地块较多，部分地块未完成调查评估即出让开发，存在人居环境安全隐患。"
        "建议：一是建立生态环境、自然资源、住建部门联动监管机制。二是将土壤污染状况调查纳入土地出让前置条件。"
        "三是对污染地块修复过程实施第三方监理和公开。",
        _who("龚海燕", "云水代表团", "云水市城市建设投资集团有限公司", "总工程师", "13957016284"),
        "2026-03-17", "江南人大交〔2026〕12号", "土壤生态环境处",
        "答复前须与代表见面沟通",
        "replied",
        co_signers=["谭明", "彭丽"],
        co_depts=["环境影响评价处"],
        contacts=[
            _c("办前", "见面座谈", "2026-04-09", "土壤生态环境处潘国梁处长、谢雨桐；龚海燕代表",
               "代表希望联动监管机制明确到具体审批环节，不能只停留在文件上。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省自然资源厅、省住房城乡建设厅印发《江南省建设用地土壤污染联动监管办法》，"
        "将土壤污染状况调查报告评审结果作为用地规划许可、出让的前置条件，并在省国土空间基础信息平台上实现污染地块名录共享。",
        reply_doc_no="江南环函〔2026〕55号",
        replied_on="2026-06-09",
    ),
    _p(
        "P19", "npc", NPC26, 2026, "0533",
        "关于加强辐射环境自动监测能力建设的建议",
        "我省辐射环境自动监测站点主要分布在设区市城区，县域和重点核技术利用单位周边覆盖不足，部分站点设备老化。"
        "建议：一是加密辐射环境自动监测站点布局。二是更新老旧监测设备。三是完善辐射事故应急监测能力，定期开展应急演练。",
        _who("邓建华", "南屏代表团", "南屏市人民医院", "放射科主任", "13665812073"),
        "2026-03-17", "江南人大交〔2026〕12号", "核与辐射安全处",
        "答复前须与代表沟通，答复内容须列明建设计划",
        "closed",
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "走访", "2026-04-14", "核与辐射安全处邹凯；邓建华代表",
               "代表关心医院周边辐射监测数据能否向公众公开。"),
        ],
        result_class="B",
        reply_excerpt="全省现有辐射环境自动监测站42个，监测数据已在我厅网站实时发布。"
        "2026年省级财政安排资金新建县域辐射环境自动监测站8个、更新老旧设备15台（套），并于5月组织了全省辐射事故应急联合演练。",
        reply_doc_no="江南环函〔2026〕57号",
        replied_on="2026-06-10",
        feedback=_fb("2026-07-03", "满意", "数据公开后群众放心了，希望新站早日建成。"),
        commitment=_cm("新建8个县域辐射环境自动监测站并联网运行", "2026-12-31"),
    ),
    _p(
        "P20", "npc", NPC26, 2026, "0604",
        "关于加快农村黑臭水体治理的建议",
        "我省农村黑臭水体治理任务重，部分已治理水体因生活污水、养殖尾水直排出现返黑返臭，治理资金主要依靠县级财政，后续运维难以保障。"
        "建议：一是将农村黑臭水体治理纳入乡村振兴重点任务统筹推进。二是加大省级资金支持。三是建立“以县为主、村级管护”的长效机制。",
        _who("方永强", "云水代表团", "云水市南湖县青石村", "党总支书记", "15924016837"),
        "2026-03-24", "江南人大交〔2026〕15号", "水生态环境处",
        "答复前须与代表见面沟通，答复须说明省级资金安排",
        "closed",
        co_signers=["石秀英", "吕建"],
        co_depts=["土壤生态环境处"],
        contacts=[
            _c("办前", "调研", "2026-04-16", "水生态环境处吴思远；方永强代表；南湖县生态环境分局",
               "代表带我们看了村里两处坑塘，希望列入今年治理清单。"),
        ],
        result_class="B",
        reply_excerpt="2026年省级安排农村环境整治资金2.8亿元，重点支持农村黑臭水体治理，全省完成治理412条。"
        "南湖县青石村两处坑塘已纳入2026年治理清单。我厅将推动各县建立农村黑臭水体村级管护制度。",
        reply_doc_no="江南环函〔2026〕60号",
        replied_on="2026-06-12",
        feedback=_fb("2026-07-06", "满意", "村里的坑塘已经开始清淤了，谢谢。", channel="电话回访"),
        commitment=_cm("完成南湖县青石村两处坑塘黑臭水体治理", "2026-10-31", done=True),
    ),
    _p(
        "P21", "npc", NPC26, 2026, "0745",
        "关于加强生物多样性保护和外来入侵物种防控的建议",
        "我省生物多样性丰富，但加拿大一枝黄花、福寿螺等外来入侵物种扩散蔓延，对本地生态系统造成威胁。"
        "建议：一是开展全省生物多样性本底调查。二是建立外来入侵物种监测预警体系。三是加强公众科普，发动群众参与防控。",
        _who("孟庆华", "丰阳代表团", "江南省林业科学研究院", "研究员", "13819502746"),
        "2026-03-24", "江南人大交〔2026〕15号", "自然生态保护处",
        "答复前须与代表沟通",
        "closed",
        co_signers=["汤丽"],
        contacts=[
            _c("办前", "视频", "2026-04-20", "自然生态保护处叶欣然；孟庆华代表",
               "代表建议把外来入侵物种识别纳入中小学科普内容。"),
        ],
        result_class="A",
        reply_excerpt="我省已完成11个设区市生物多样性本底调查，发布《江南省生物多样性红色名录》。"
        "我厅会同省农业农村厅、省林业局建立外来入侵物种监测预警体系，全省布设监测点位560个。",
        reply_doc_no="江南环函〔2026〕62号",
        replied_on="2026-06-15",
        feedback=_fb("2026-07-08", "满意", "答复内容全面，科普工作也做得扎实。", met=False),
    ),
    _p(
        "P22", "npc", NPC26, 2026, "0812",
        "关于统筹推进塑料污染全链条治理的建议",
        "快递、外卖等新业态带来的一次性塑料制品消耗快速增长，农用地膜回收率不高，塑料污染治理存在“重源头禁限、轻回收利用”的问题。"
        "建议：一是落实一次性塑料制品禁限规定并加强执法检查。二是完善废塑料回收利用体系。三是开展塑料污染治理宣传，倡导绿色消费。",
        _who("谢丽君", "临江代表团", "临江市供销合作社联合社", "副主任", "13967024158"),
        "2026-03-24", "江南人大交〔2026〕15号", "固体废物与化学品处",
        "答复前须与代表沟通；涉及商务、邮政部门职责的内容须会商",
        "replied",
        co_signers=["曾志强"],
        co_depts=["宣传教育处"],
        contacts=[
            _c("办前", "电话", "2026-04-13", "固体废物与化学品处冯志诚；谢丽君代表",
               "代表希望供销社系统的再生资源回收网点能纳入回收体系建设。"),
        ],
        result_class="B",
        reply_excerpt="我厅会同省发展改革委等部门开展塑料污染治理联合专项行动，检查商超、外卖平台等经营主体3200余家。"
        "下一步将推动供销系统再生资源回收网点与城市生活垃圾分类网点“两网融合”，2026年底前在临江、青州先行试点。",
        reply_doc_no="江南环函〔2026〕63号",
        replied_on="2026-06-15",
        commitment=_cm("在临江、青州两市开展再生资源回收与垃圾分类“两网融合”试点", "2026-12-31"),
    ),
    _p(
        "P23", "npc", NPC26, 2026, "0890",
        "关于加强生态环境监测数据质量管理的建议",
        "生态环境监测数据是环境管理的基础，但个别社会化监测机构存在篡改、伪造监测数据问题，排污单位自行监测质量参差不齐。"
        "建议：一是建立监测机构信用评价和“黑名单”制度。二是加强对社会化监测机构的“双随机”抽查。三是推动监测数据全过程留痕。",
        _who("黎文斌", "青州代表团", "青州市市场监督管理局", "副局长", "13588062739"),
        "2026-03-24", "江南人大交〔2026〕15号", "生态环境监测处",
        "重点建议，由分管厅领导领办；答复前须与代表见面沟通",
        "closed",
        co_signers=["孙莉", "何永福"],
        co_depts=["执法监督处"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2026-04-08", "周启明副厅长、生态环境监测处罗建新处长、杜佳琪；黎文斌代表",
               "代表建议与市场监管部门联合开展检验检测机构专项检查。", leader=True),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省市场监管局联合印发《江南省生态环境监测机构监督管理办法》，建立监测机构信用评价制度，"
        "2026年联合抽查社会化监测机构186家，对存在数据造假问题的7家机构依法处罚并列入失信名单。",
        reply_doc_no="江南环函〔2026〕58号",
        replied_on="2026-06-11",
        feedback=_fb("2026-07-02", "满意", "联合执法力度大，效果明显。", channel="当面"),
    ),
    _p(
        "P24", "npc", NPC26, 2026, "0957",
        "关于完善生态环境损害赔偿制度的建议",
        "生态环境损害赔偿制度改革以来，我省案件数量逐年增加，但存在磋商程序不规范、鉴定评估周期长、赔偿资金管理使用不透明等问题。"
        "建议：一是出台生态环境损害赔偿磋商办法。二是培育鉴定评估机构、推行简易评估程序。三是规范赔偿资金管理并向社会公开。",
        _who("严晓辉", "临江代表团", "江南明德律师事务所", "主任", "13605719846"),
        "2026-03-24", "江南人大交〔2026〕15号", "政策法规处",
        "答复前须与代表沟通，答复内容须逐条回应",
        "closed",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "见面座谈", "2026-04-23", "政策法规处黄永康处长、邵明轩；严晓辉代表",
               "代表建议对小额案件推行简易评估，缩短办案周期。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省司法厅等部门出台《江南省生态环境损害赔偿磋商办法（试行）》，对损害数额50万元以下的案件推行简易评估认定程序。"
        "赔偿资金纳入非税收入管理，使用情况在我厅网站公开。",
        reply_doc_no="江南环函〔2026〕69号",
        replied_on="2026-06-18",
        feedback=_fb("2026-07-13", "满意", "制度出台很及时，简易评估程序实用。"),
    ),
    _p(
        "P25", "npc", NPC26, 2026, "1105",
        "关于加快北山市生活垃圾焚烧发电项目环评审批的建议",
        "北山市生活垃圾日产生量已超过处理能力，现有填埋场即将封场，新建焚烧发电项目进展缓慢。"
        "项目前期工作涉及选址论证、公众参与等多个环节，耗时较长。"
        "建议：一是省生态环境厅提前介入，指导编制环评文件。二是对项目环评审批开辟绿色通道。三是加强项目建设期环境监管，做好群众沟通解释。",
        _who("韩学军", "北山代表团", "北山市城市管理局", "局长", "13757208163"),
        "2026-03-24", "江南人大交〔2026〕15号", "环境影响评价处",
        "答复前须与代表沟通",
        "withdrawn",
        withdrawal={"date": "2026-04-02", "reason": "代表以该项目环评已于2026年3月批复、所提问题已解决为由申请撤回，经省人大常委会选联工委同意。"},
    ),
    # ======================= 2026 · 省政协十三届四次会议 =======================
    _p(
        "P26", "cppcc", CPPCC26, 2026, "0056",
        "关于加快推进城镇污水管网提质增效的提案",
        "我省城镇污水处理厂进水生化需氧量浓度普遍偏低，部分县城不足80毫克/升，反映出管网老旧破损、雨污混接和外水入渗问题突出。"
        "建议：一是开展城镇污水管网全面排查，建立管网“一张图”。二是制定管网提质增效三年行动计划，优先改造老旧破损管网。"
        "三是将污水处理厂进水浓度纳入地方考核。",
        _who("周文华", "民盟", "江南省城乡规划设计研究院", "副院长", "13858024917"),
        "2026-03-19", "江南政协提交〔2026〕7号", "水生态环境处",
        "重点提案，由分管厅领导领办；答复前须与提案人当面沟通",
        "closed",
        co_signers=["许建平", "高玉兰", "章立新"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2026-04-07", "钱淑芳副厅长、水生态环境处郑丽华处长、吴思远；周文华委员等3名提案人",
               "提案人建议把进水浓度提升作为硬指标，按年度考核到县。", leader=True),
            _c("办中", "调研", "2026-05-20", "水生态环境处吴思远；周文华委员；云水市住房城乡建设局",
               "委员实地察看了云水市城东污水处理厂，建议推广管网排查的“以水定管”做法。"),
        ],
        result_class="B",
        reply_excerpt="我厅会同省住房城乡建设厅印发《江南省城镇污水处理提质增效三年行动方案（2026—2028年）》，"
        "明确到2028年全省城市生活污水集中收集率达到75%以上。将污水处理厂进水浓度和集中收集率纳入美丽江南建设考核。",
        reply_doc_no="江南环函〔2026〕56号",
        replied_on="2026-06-09",
        feedback=_fb("2026-06-30", "满意", "领导带队面商，方案有目标有措施，很满意。", channel="当面"),
        commitment=_cm("全省城市生活污水集中收集率达到75%以上", "2028-12-31"),
    ),
    _p(
        "P27", "cppcc", CPPCC26, 2026, "0113",
        "关于建立臭氧污染区域联防联控机制的提案",
        "臭氧具有明显的区域传输特征，单个城市治理难以见效。我省相邻城市在预警标准、应急减排措施上不统一，联动效果不佳。"
        "建议：一是统一全省臭氧污染预警分级标准。二是建立省级统筹、城市联动的应急减排机制。三是与周边省份开展区域协作。",
        _who("韦志刚", "环境资源界", "江南省气象科学研究所", "高级工程师", "13906573208"),
        "2026-03-19", "江南政协提交〔2026〕7号", "大气环境处",
        "答复前须与提案人沟通",
        "closed",
        co_signers=["林雪"],
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "视频", "2026-04-10", "大气环境处林嘉怡、生态环境监测处杜佳琪；韦志刚委员",
               "委员建议气象、生态环境部门联合会商，提前72小时发布预警。"),
        ],
        result_class="B",
        reply_excerpt="我厅已会同省气象局建立臭氧污染联合会商机制，预报时效由48小时延长至72小时。"
        "2026年夏季对全省11个设区市实施统一预警、统一应急减排措施，并与相邻省份签订大气污染联防联控合作协议。",
        reply_doc_no="江南环函〔2026〕59号",
        replied_on="2026-06-12",
        feedback=_fb("2026-07-06", "满意", "会商机制很有效，今年夏天臭氧超标天数明显减少。", met=False),
        commitment=_cm("修订《江南省重污染天气应急预案》，纳入臭氧污染统一预警分级", "2026-09-30", done=True),
    ),
    _p(
        "P28", "cppcc", CPPCC26, 2026, "0198",
        "关于加强废旧动力电池回收利用监管的提案",
        "我省新能源汽车保有量快速增长，首批动力电池已进入规模化退役期，部分废旧电池流入无资质小作坊，存在环境污染和安全隐患。"
        "建议：一是建立动力电池全生命周期溯源管理。二是严厉打击非法拆解。三是培育规范的梯次利用和再生利用企业。",
        _who("邵志宏", "致公党", "青州锂源新能源科技有限公司", "技术总监", "13588193042"),
        "2026-03-19", "江南政协提交〔2026〕7号", "固体废物与化学品处",
        "答复前须与提案人沟通；涉及工业和信息化部门职责的内容须会商",
        "closed",
        co_signers=["冯丽"],
        contacts=[
            _c("办前", "走访", "2026-04-15", "固体废物与化学品处冯志诚；邵志宏委员",
               "委员反映非法回收商报价比正规企业高，正规企业收不到货。"),
        ],
        result_class="A",
        reply_excerpt="我厅会同省工业和信息化厅开展废旧动力电池非法拆解专项整治，查处违法案件23起，取缔非法作坊17家。"
        "全省已有9家企业列入工业和信息化部规范条件企业名单，年再生利用能力达到12万吨。",
        reply_doc_no="江南环函〔2026〕64号",
        replied_on="2026-06-16",
        feedback=_fb("2026-07-10", "满意", "整治力度大，正规企业的回收量上来了。", channel="电话回访"),
    ),
    _p(
        "P29", "cppcc", CPPCC26, 2026, "0245",
        "关于加强噪声污染防治的提案",
        "噪声投诉已占生态环境信访总量的四成以上，社会生活噪声、交通噪声和夜间施工噪声问题突出，各部门职责交叉、管理分散。"
        "建议：一是落实《噪声污染防治法》，明确部门监管职责。二是开展“宁静小区”创建。三是推进噪声自动监测，向社会公开。",
        _who("唐丽芬", "民建", "临江市滨江街道社区卫生服务中心", "主任", "13757123485"),
        "2026-03-19", "江南政协提交〔2026〕7号", "大气环境处",
        "答复前须与提案人沟通",
        "replied",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "电话", "2026-04-09", "大气环境处林嘉怡；唐丽芬委员",
               "委员希望小区周边夜间施工审批能更严格。"),
        ],
        result_class="A",
        reply_excerpt="我厅已推动省政府印发《江南省噪声污染防治行动计划实施方案》，明确12个部门职责分工。"
        "全省地级城市已实现功能区声环境质量自动监测全覆盖，监测结果按月公开；2026年创建“宁静小区”120个。",
        reply_doc_no="江南环函〔2026〕61号",
        replied_on="2026-06-12",
    ),
    _p(
        "P30", "cppcc", CPPCC26, 2026, "0321",
        "关于推进生态环境导向的开发（EOD）模式的提案",
        "EOD模式是破解生态环境治理资金难题的有效途径，但我省项目谋划能力不足，收益反哺机制不清晰，金融机构参与积极性不高。"
        "建议：一是建立省级EOD项目储备库。二是加强项目谋划指导。三是推动政策性银行加大信贷支持。",
        _who("方明远", "经济界", "江南省绿色发展投资集团有限公司", "副总经理", "13867015362"),
        "2026-03-19", "江南政协提交〔2026〕7号", "科技与财务处",
        "答复前须与提案人沟通",
        "closed",
        co_depts=["政策法规处"],
        contacts=[
            _c("办前", "见面座谈", "2026-04-21", "科技与财务处石永红处长、汪琳；方明远委员",
               "委员建议组织金融机构和项目单位开展对接会。"),
        ],
        result_class="C",
        reply_excerpt="我厅已建立省级生态环境导向的开发项目储备库，入库项目14个。"
        "我厅将会同省发展改革委、人民银行江南省分行研究制定支持EOD项目的金融政策，逐步建立收益反哺机制。",
        reply_doc_no="江南环函〔2026〕66号",
        replied_on="2026-06-18",
        feedback=_fb("2026-07-14", "基本满意", "储备库建起来了，但金融支持政策还要加快。"),
        commitment=_cm("会同有关部门出台支持EOD项目的金融政策措施", "2026-12-31"),
    ),
    _p(
        "P31", "cppcc", CPPCC26, 2026, "0467",
        "关于推动环境影响评价与排污许可深度衔接的提案",
        "环评与排污许可在管理要求、污染物排放量核算等方面衔接不够，企业需要重复申报，基层监管“两张皮”。"
        "建议：一是统一环评与排污许可的污染物排放核算方法。二是推行环评与排污许可“一次申报、同步审批”。三是加强证后监管。",
        _who("黄志伟", "科学技术界", "江南环科工程咨询有限公司", "总工程师", "13957108426"),
        "2026-03-19", "江南政协提交〔2026〕7号", "环境影响评价处",
        "答复前须与提案人沟通",
        "closed",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "电话", "2026-04-17", "环境影响评价处曹宁；黄志伟委员",
               "委员希望“两证联办”尽快在全省推开。"),
        ],
        result_class="A",
        reply_excerpt="我省已在全省推行环评与排污许可“两证联办”，2026年上半年共有612个项目实现同步审批。"
        "我厅将环评批复要求全部载入排污许可证，作为证后监管和执法检查的依据。",
        reply_doc_no="江南环函〔2026〕54号",
        replied_on="2026-06-08",
        feedback=_fb("2026-06-29", "满意", "企业反映“两证联办”省了不少事。", met=False, channel="网上"),
    ),
    _p(
        "P32", "cppcc", CPPCC26, 2026, "0590",
        "关于加强医疗废物和实验室危险废物规范管理的提案",
        "基层医疗机构和高校、科研院所实验室数量多、分布散，医疗废物和实验室废物收集转运不及时、台账不规范。"
        "建议：一是建立县域医疗废物收集转运体系，实现乡镇卫生院全覆盖。二是将高校实验室废物纳入统一收集。三是推行信息化全程监管。",
        _who("孙美玲", "医药卫生界", "青州市中心医院", "副院长", "13906581275"),
        "2026-03-19", "江南政协提交〔2026〕7号", "固体废物与化学品处",
        "答复前须与提案人沟通；涉及卫生健康、教育部门职责的内容须会商",
        "closed",
        co_signers=["潘小红", "沈志明"],
        contacts=[
            _c("办前", "见面座谈", "2026-04-22", "固体废物与化学品处傅晓燕处长、冯志诚；孙美玲委员",
               "委员反映部分村卫生室医疗废物仍由个人自行处理。"),
        ],
        result_class="A",
        reply_excerpt="全省已建成县域医疗废物收集转运体系，乡镇卫生院收集覆盖率达100%，村卫生室医疗废物实行“小箱进大箱”统一收集。"
        "我厅会同省教育厅将高校实验室危险废物纳入小微企业危险废物收集试点，实现电子联单全程监管。",
        reply_doc_no="江南环函〔2026〕67号",
        replied_on="2026-06-18",
        feedback=_fb("2026-07-09", "满意", "村卫生室的问题解决了，答复很认真。"),
    ),
    _p(
        "P33", "cppcc", CPPCC26, 2026, "0655",
        "关于加强云水江流域生态保护修复的提案",
        "云水江是我省重要的生态廊道，但流域内部分河段岸线被侵占，湿地萎缩，水生生物多样性下降。"
        "建议：一是编制云水江流域生态保护修复规划。二是开展岸线侵占清理和湿地恢复。三是建立流域上下游横向生态保护补偿机制。",
        _who("梁海涛", "农业和农村界", "云水市水产技术推广站", "站长", "13605893741"),
        "2026-03-19", "江南政协提交〔2026〕7号", "自然生态保护处",
        "分办件，由我厅就职责范围内事项单独答复；答复前须与提案人沟通",
        "replied",
        bureau_role="separate",
        co_signers=["金国平"],
        co_depts=["水生态环境处"],
        contacts=[
            _c("办前", "调研", "2026-04-28", "自然生态保护处魏立军处长、叶欣然；梁海涛委员",
               "委员带队察看了云水江中游湿地，建议优先恢复鱼类产卵场。"),
        ],
        result_class="B",
        reply_excerpt="我厅已将云水江流域纳入全省生态保护修复重点区域，会同有关部门启动流域生态保护修复规划编制。"
        "云水市与下游丰阳市已签订横向生态保护补偿协议，以跨界断面水质为考核依据。",
        reply_doc_no="江南环函〔2026〕68号",
        replied_on="2026-06-18",
        commitment=_cm("完成《云水江流域生态保护修复规划》编制并报省政府", "2027-06-30"),
    ),
    _p(
        "P34", "cppcc", CPPCC26, 2026, "0712",
        "关于推行生态环境轻微违法行为“首违不罚”清单制度的提案",
        "优化营商环境要求执法既有力度又有温度。部分企业因初次、轻微违法行为被处罚，影响信用和经营。"
        "建议：一是制定生态环境轻微违法行为免罚清单。二是配套开展普法教育和整改指导。三是建立免罚案件回访机制，防止“一免了之”。",
        _who("罗秀珍", "工商联", "北山市工商业联合会", "副主席", "13757064912"),
        "2026-03-19", "江南政协提交〔2026〕7号", "执法监督处",
        "答复前须与提案人沟通",
        "closed",
        co_depts=["政策法规处"],
        contacts=[
            _c("办前", "电话", "2026-04-14", "执法监督处田浩然；罗秀珍委员",
               "委员希望免罚清单向企业广泛宣传。"),
        ],
        result_class="A",
        reply_excerpt="我厅已印发《江南省生态环境轻微违法行为免予处罚清单（2026年版）》，列明14类免罚情形。"
        "2026年上半年全省适用免罚案件318件，均同步开展普法教育并落实回访。",
        reply_doc_no="江南环函〔2026〕53号",
        replied_on="2026-06-05",
        feedback=_fb("2026-06-26", "满意", "清单很实用，企业反响很好。", met=False),
    ),
    # ============ 2026 · 闭会期间建议（省十四届人大四次会议后）/ 平时提案（省政协十三届四次会议后） ============
    _p(
        "P35", "npc", NPC26, 2026, "1208",
        "关于加快推进县城污水管网建设和雨污分流改造的建议",
        "我省县城污水管网建设滞后于城市，部分县城老城区仍为雨污合流制，雨季溢流污染严重，污水处理厂进水浓度偏低。"
        "建议：一是将县城污水管网建设纳入省级重点项目，给予资金倾斜。二是用三年时间完成县城老城区雨污分流改造。"
        "三是建立管网运维专业化队伍，实行厂网一体化运营。",
        _who("黄伟民", "北山代表团", "北山市东岭县人大常委会", "副主任", "13906582174"),
        "2026-06-23", "江南人大交〔2026〕38号", "水生态环境处",
        "分办件，由我厅就职责范围内事项单独答复；答复前须与代表见面沟通",
        "rehandling",
        period="recess",
        bureau_role="separate",
        co_signers=["李红梅", "戴志强"],
        contacts=[
            _c("办前", "电话", "2026-07-06", "水生态环境处吴思远；黄伟民代表",
               "代表希望东岭县城的雨污分流改造能列入省级项目。"),
            _c("办中", "走访", "2026-08-12", "水生态环境处郑丽华处长、吴思远；黄伟民代表；东岭县住房城乡建设局",
               "代表认为县里资金压力大，仅靠县级财政难以完成改造。"),
        ],
        result_class="B",
        reply_excerpt="我厅已将县城污水管网建设纳入《江南省城镇污水处理提质增效三年行动方案》重点任务，对进水浓度低于100毫克/升的县城实行清单管理。"
        "东岭县老城区雨污分流改造已列入2027年中央水污染防治资金项目储备库。",
        reply_doc_no="江南环函〔2026〕118号",
        replied_on="2026-09-15",
        feedback=_fb("2026-11-03", "不满意",
                     "答复只说列入项目储备，没有明确资金和开工时间，东岭县城雨季溢流问题依然存在，希望重新研究。",
                     channel="书面回执", attitude="满意"),
        commitment=_cm("东岭县老城区雨污分流改造项目申报中央水污染防治资金", "2027-03-31"),
    ),
    _p(
        "P36", "npc", NPC26, 2026, "1219",
        "关于加强机动车和非道路移动机械排放监管的建议",
        "柴油货车和工程机械是城市氮氧化物的重要来源，部分重型柴油车尾气后处理装置被拆除或失效，非道路移动机械编码登记不全。"
        "建议：一是在临江市主城区划定低排放控制区。二是加强重型柴油车路检路查和入户抽检。三是完成非道路移动机械编码登记全覆盖。",
        _who("范建东", "临江代表团", "临江市公共交通集团有限公司", "董事长", "13857142039"),
        "2026-07-07", "江南人大交〔2026〕41号", "大气环境处",
        "答复前须与代表见面沟通；涉及公安交管、交通运输部门职责的内容须会商",
        "rehandling",
        period="recess",
        co_signers=["王秀兰"],
        co_depts=["执法监督处", "生态环境监测处"],
        contacts=[
            _c("办前", "见面座谈", "2026-07-23", "大气环境处孙海波处长、林嘉怡；范建东代表",
               "代表希望明确低排放区的划定时间表。"),
        ],
        result_class="C",
        reply_excerpt="我厅已会同省公安厅、省交通运输厅建立机动车排放检验、维修治理闭环管理机制，2026年1—8月路检路查柴油货车4.2万辆次。"
        "临江市主城区低排放控制区划定涉及交通组织、物流配送等多方面，我厅将指导临江市开展前期研究，条件成熟时推进实施。",
        reply_doc_no="江南环函〔2026〕129号",
        replied_on="2026-09-28",
        feedback=_fb("2026-10-30", "不满意",
                     "对低排放区只说“开展前期研究”，太笼统，希望明确时间节点和责任单位。",
                     channel="当面", attitude="基本满意"),
        commitment=_cm("指导临江市完成主城区低排放控制区划定前期研究", "2027-06-30"),
    ),
    _p(
        "P37", "npc", NPC26, 2026, "1226",
        "关于加强规模养殖场异味和畜禽粪污治理的建议",
        "我省部分规模养殖场紧邻村庄，夏季异味扰民投诉多，粪污资源化利用设施运行不正常，雨季存在粪污外溢风险。"
        "建议：一是对临近村庄的养殖场开展异味专项整治。二是推广粪污全量收集和就地就近还田。三是加强养殖场环评和排污登记管理。",
        _who("郑国富", "云水代表团", "云水市南湖县荷塘镇人民政府", "镇长", "15988104362"),
        "2026-07-21", "江南人大交〔2026〕44号", "土壤生态环境处",
        "答复前须与代表沟通；涉及农业农村部门职责的内容须会商",
        "replied",
        period="recess",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "走访", "2026-08-06", "土壤生态环境处谢雨桐；郑国富代表；南湖县生态环境分局",
               "代表反映荷塘镇两家养猪场异味问题突出，村民意见很大。"),
            _c("办中", "电话", "2026-09-17", "土壤生态环境处谢雨桐；郑国富代表",
               "代表表示养殖场已开始加装除臭设施，希望持续跟踪。"),
        ],
        result_class="B",
        reply_excerpt="我厅已会同省农业农村厅对全省距村庄500米以内的规模养殖场开展异味专项排查，建立问题清单327个。"
        "荷塘镇两家养猪场已完成密闭改造和除臭设施安装，我厅将于2027年6月底前完成清单问题整改销号。",
        reply_doc_no="江南环函〔2026〕141号",
        replied_on="2026-10-16",
        commitment=_cm("完成全省规模养殖场异味问题清单整改销号", "2027-06-30"),
    ),
    _p(
        "P38", "npc", NPC26, 2026, "1233",
        "关于做好秋冬季大气污染综合治理、减少重污染天气的建议",
        "秋冬季是我省PM2.5污染高发期，近年来虽然重污染天数大幅减少，但不利气象条件下仍会出现区域性污染过程。"
        "建议：一是提前部署秋冬季攻坚行动，细化工业、扬尘、移动源管控措施。二是实施重污染天气绩效分级差异化管控。"
        "三是加强区域联防联控，提前会商预警。",
        _who("曹丽华", "青州代表团", "青州市第二中学", "教师", "13967048215"),
        "2026-08-18", "江南人大交〔2026〕49号", "大气环境处",
        "答复前须与代表沟通",
        "replied",
        period="recess",
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "电话", "2026-09-02", "大气环境处林嘉怡；曹丽华代表",
               "代表关心学校周边重污染天气时的预警和停课安排。"),
        ],
        result_class="A",
        reply_excerpt="我厅已印发《江南省2026—2027年秋冬季大气污染综合治理攻坚方案》，对全省3860家涉气企业实施绩效分级差异化管控。"
        "重污染天气预警信息将同步推送至教育部门，由其指导学校做好户外活动调整。",
        reply_doc_no="江南环函〔2026〕163号",
        replied_on="2026-11-10",
    ),
    _p(
        "P39", "cppcc", CPPCC26, 2026, "0731",
        "关于加强土壤污染重点监管单位隐患排查的提案",
        "我省土壤污染重点监管单位隐患排查质量不高，部分企业排查流于形式，地下储罐、管线等隐蔽设施泄漏风险较大。"
        "建议：一是制定隐患排查技术指南。二是对排查报告开展抽查复核。三是设立专项资金支持企业防渗漏改造。",
        _who("吴振宇", "九三学社", "江南省地质调查院", "高级工程师", "13806591427"),
        "2026-06-30", "江南政协提交〔2026〕19号", "土壤生态环境处",
        "答复前须与提案人沟通，答复须说明资金支持渠道",
        "rehandling",
        period="recess",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "视频", "2026-07-16", "土壤生态环境处潘国梁处长、谢雨桐；吴振宇委员",
               "委员认为中小企业防渗改造资金缺口大，希望省里给予补助。"),
        ],
        result_class="C",
        reply_excerpt="我厅已印发《江南省土壤污染重点监管单位隐患排查技术指南》，2026年抽查复核排查报告210份。"
        "关于设立防渗漏改造专项资金，我厅将在编制2027年省级生态环境专项资金预算时统筹研究。",
        reply_doc_no="江南环函〔2026〕124号",
        replied_on="2026-09-22",
        feedback=_fb("2026-11-05", "不满意",
                     "资金支持只说“统筹研究”，没有实质内容，希望明确支持方式和额度。",
                     channel="书面回执", attitude="满意", met=False),
        commitment=_cm("在2027年省级生态环境专项资金中研究安排防渗漏改造补助", "2027-03-31"),
    ),
    _p(
        "P40", "cppcc", CPPCC26, 2026, "0738",
        "关于加强电磁辐射环境管理与科普宣传的提案",
        "随着5G基站、高压输变电设施建设加快，群众对电磁辐射的担忧增多，一些基站、变电站选址引发邻避问题。"
        "建议：一是加强电磁辐射环境监测并公开结果。二是开展电磁辐射科普进社区活动。三是完善基站和输变电项目环评公众参与。",
        _who("朱晓岚", "无党派人士", "青州学院物理与电子工程学院", "教授", "13757195038"),
        "2026-07-28", "江南政协提交〔2026〕21号", "核与辐射安全处",
        "答复前须与提案人沟通",
        "replied",
        period="recess",
        co_depts=["宣传教育处"],
        contacts=[
            _c("办前", "见面座谈", "2026-08-19", "核与辐射安全处彭卫国处长、邹凯；朱晓岚委员",
               "委员愿意作为科普专家参与电磁辐射科普进社区活动。"),
        ],
        result_class="A",
        reply_excerpt="我厅已对全省1.2万个5G基站开展电磁辐射抽测，结果全部符合国家标准，并在我厅网站公开。"
        "2026年组织电磁辐射科普进社区活动56场，邀请您等专家参与宣讲，群众反映良好。",
        reply_doc_no="江南环函〔2026〕150号",
        replied_on="2026-10-27",
    ),
    _p(
        "P41", "npc", NPC26, 2026, "1255",
        "关于加强城市餐饮油烟污染治理的建议",
        "城市餐饮油烟扰民投诉居高不下，部分餐饮单位油烟净化设施不正常使用、不定期清洗，临街住宅底层商铺开设餐馆引发矛盾。"
        "建议：一是推行油烟在线监控。二是明确城管、生态环境、市场监管部门职责分工。三是对净化设施清洗维护实行台账管理。",
        _who("刘慧敏", "临江代表团", "临江市湖滨社区居委会", "主任", "13588027163"),
        "2026-09-01", "江南人大交〔2026〕54号", "大气环境处",
        "答复前须与代表沟通；涉及城市管理部门职责的内容须会商",
        "awaiting_signoff",
        period="recess",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "电话", "2026-09-10", "大气环境处林嘉怡；刘慧敏代表",
               "代表反映社区内三家烧烤店油烟扰民，居民多次投诉未果。"),
            _c("办中", "走访", "2026-10-22", "大气环境处林嘉怡；刘慧敏代表；临江市城市管理局",
               "代表认可三家烧烤店已加装净化设施，希望建立长效监管。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省住房城乡建设厅（城管）印发通知，明确餐饮油烟污染防治部门职责分工。"
        "临江市已在1200家重点餐饮单位安装油烟在线监控，湖滨社区三家烧烤店已完成净化设施改造，投诉已化解。",
    ),
    _p(
        "P42", "npc", NPC26, 2026, "1241",
        "关于加强城市建成区入河排污口排查整治的建议",
        "入河排污口是污染物进入水体的“最后一道闸口”，部分城市建成区排污口底数不清、责任主体不明，晴天排污现象仍然存在。"
        "建议：一是完成城市建成区入河排污口全面排查溯源。二是按照“一口一策”分类整治。三是建立排污口信息化监管平台。",
        _who("孔令伟", "南屏代表团", "南屏市清溪县人民政府", "副县长", "13906597216"),
        "2026-08-25", "江南人大交〔2026〕52号", "水生态环境处",
        "答复前须与代表见面沟通；答复内容须附整治清单",
        "in_progress",
        period="recess",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "电话", "2026-09-07", "水生态环境处吴思远；孔令伟代表",
               "代表同意在答复前安排一次见面，希望到清溪县城区实地察看。"),
        ],
    ),
    _p(
        "P43", "npc", NPC26, 2026, "1262",
        "关于推进钢铁焦化行业超低排放改造的建议",
        "钢铁、焦化行业是我省大气污染物排放大户，部分企业超低排放改造进度滞后，无组织排放和清洁运输环节短板明显。"
        "建议：一是明确改造时间表，对逾期未完成的企业实施差异化管控。二是加大技术改造资金和信贷支持。三是推进大宗物料清洁运输。",
        _who("刘国庆", "北山代表团", "北山钢铁集团有限公司", "副总经理", "13757290416"),
        "2026-09-15", "江南人大交〔2026〕57号", "大气环境处",
        "重点建议，由分管厅领导领办；答复前须与代表见面沟通并实地调研",
        "dept_review",
        period="recess",
        co_signers=["陈志远", "高晓梅"],
        is_key=True,
        contacts=[
            _c("办前", "见面座谈", "2026-09-29", "周启明副厅长、大气环境处孙海波处长、林嘉怡；刘国庆代表等3名代表",
               "代表介绍了北山钢铁集团超低排放改造进展，希望在清洁运输方面给予政策支持。", leader=True),
            _c("办中", "调研", "2026-10-21", "大气环境处林嘉怡；刘国庆代表；北山市生态环境局",
               "代表陪同察看了原料场封闭改造现场，提出铁路专用线建设审批慢的问题。"),
        ],
        result_class="B",
        reply_excerpt="全省15家钢铁企业中已有11家完成全流程超低排放改造并公示，其余4家将于2027年底前完成。"
        "我厅将对完成改造的企业在重污染天气期间实施绩效分级差异化管控，并协调推进北山钢铁集团铁路专用线建设。",
    ),
    _p(
        "P44", "npc", NPC26, 2026, "1278",
        "关于加强港口码头扬尘和船舶大气污染治理的建议",
        "我省沿江港口散货码头装卸扬尘问题突出，靠港船舶使用岸电比例低，船舶尾气对港区周边空气质量影响较大。"
        "建议：一是推进散货码头堆场全封闭改造。二是提高靠港船舶岸电使用率。三是加强船舶排放控制区监管。",
        _who("袁海明", "临江代表团", "临江港务集团有限公司", "工会主席", "13605748193"),
        "2026-10-13", "江南人大交〔2026〕65号", "大气环境处",
        "答复前须与代表沟通；涉及交通运输部门职责的内容须会商",
        "in_progress",
        period="recess",
        co_signers=["邱志刚"],
    ),
    _p(
        "P45", "npc", NPC26, 2026, "1303",
        "关于将南湖县南湖湿地纳入省级自然保护地体系的建议",
        "南湖湿地是候鸟迁徙的重要停歇地，每年越冬水鸟超过两万只，但目前未纳入任何自然保护地，周边开发建设压力大。"
        "建议：一是将南湖湿地纳入省级自然保护地体系。二是开展湿地生态状况调查评估。三是加强越冬期巡护管理。",
        _who("何志强", "云水代表团", "云水市南湖县观鸟协会", "会长", "13967183026"),
        "2026-11-16", "江南人大交〔2026〕74号", "水生态环境处",
        "答复前须与代表沟通",
        "return_requested",
        period="recess",
        co_signers=["宋丽华"],
        return_request={
            "requested_on": "2026-11-18",
            "reason": "本建议主要涉及自然保护地设立和湿地保护，属自然生态保护处职责，水生态环境处可作为协办处室提供湿地水质资料。",
            "suggested": "自然生态保护处",
        },
    ),
    _p(
        "P46", "npc", NPC26, 2026, "1297",
        "关于加快推进历史遗留废弃矿山生态修复的建议",
        "我省历史遗留废弃矿山数量多，部分矿山存在地质灾害隐患和水土流失，修复资金主要依靠地方财政，进度缓慢。"
        "建议：一是摸清历史遗留废弃矿山底数。二是探索“生态修复+产业导入”模式吸引社会资本。三是加大省级资金支持。",
        _who("田国平", "北山代表团", "北山市石岭县人民政府", "县长", "13857206419"),
        "2026-11-13", "江南人大交〔2026〕73号", "自然生态保护处",
        "答复前须与代表沟通",
        "return_requested",
        period="recess",
        return_request={
            "requested_on": "2026-11-18",
            "reason": "历史遗留废弃矿山生态修复属自然资源部门职责，建议调整由省自然资源厅主办，我厅会办并提供生态保护修复监管意见。",
            "suggested": "省自然资源厅",
        },
    ),
    _p(
        "P47", "npc", NPC26, 2026, "1284",
        "关于加强化工园区有毒有害气体环境风险预警体系建设的建议",
        "我省化工园区企业密集，涉及有毒有害气体的企业数量多，部分园区尚未建成有毒有害气体预警监测体系，突发环境事件应急处置能力不足。"
        "建议：一是在全部化工园区建成有毒有害气体环境风险预警体系。二是完善园区突发环境事件应急预案。三是定期开展应急演练。",
        _who("蒋丽芳", "青州代表团", "青州经济技术开发区管委会", "安全环保局局长", "13588146027"),
        "2026-10-20", "江南人大交〔2026〕67号", "固体废物与化学品处",
        "答复前须与代表沟通",
        "in_progress",
        period="recess",
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "电话", "2026-10-28", "固体废物与化学品处冯志诚；蒋丽芳代表",
               "代表希望省里出台预警体系建设技术规范，统一建设标准。"),
        ],
    ),
    _p(
        "P48", "npc", NPC26, 2026, "1270",
        "关于规范废旧放射源收贮管理的建议",
        "部分企业因破产、转产遗留的废旧放射源长期闲置，送贮费用高、程序复杂，存在安全隐患。"
        "建议：一是开展闲置废旧放射源专项排查。二是对困难企业送贮费用给予补助。三是简化收贮审批流程。",
        _who("潘志军", "南屏代表团", "南屏市应急管理局", "副局长", "13806572941"),
        "2026-09-29", "江南人大交〔2026〕61号", "核与辐射安全处",
        "答复前须与代表沟通",
        "in_progress",
        period="recess",
        contacts=[
            _c("办前", "走访", "2026-10-21", "核与辐射安全处邹凯；潘志军代表；南屏市生态环境局",
               "代表反映南屏市有两家破产企业遗留放射源，至今未送贮。"),
        ],
    ),
    _p(
        "P49", "npc", NPC26, 2026, "1247",
        "关于加快推进地下水污染防治的建议",
        "我省部分化工园区、垃圾填埋场周边地下水存在污染，地下水环境监测井布设不足，污染底数不清。"
        "建议：一是完善地下水环境监测网络。二是开展重点污染源周边地下水环境状况调查。三是划定地下水污染防治重点区。",
        _who("邓丽君", "丰阳代表团", "丰阳市水文水资源勘测中心", "主任", "13757180264"),
        "2026-08-31", "江南人大交〔2026〕53号", "土壤生态环境处",
        "答复前须与代表沟通",
        "dept_review",
        period="recess",
        co_depts=["水生态环境处"],
        contacts=[
            _c("办前", "视频", "2026-09-16", "土壤生态环境处谢雨桐；邓丽君代表",
               "代表建议与水利部门共享地下水监测井数据，避免重复建设。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同省水利厅、省自然资源厅建立地下水监测数据共享机制，全省地下水环境监测点位增至486个。"
        "2026年完成32个化工园区和18个垃圾填埋场周边地下水环境状况调查，划定地下水污染防治重点区9个。",
    ),
    _p(
        "P50", "npc", NPC26, 2026, "1316",
        "关于加强生态环境行政执法与刑事司法衔接的建议",
        "生态环境违法案件移送公安机关过程中，存在证据标准不统一、移送程序不畅、涉案危险废物处置难等问题。"
        "建议：一是制定生态环境行政执法与刑事司法衔接工作办法。二是建立联席会议和信息共享平台。三是明确涉案物品鉴定和处置责任。",
        _who("胡建林", "临江代表团", "临江市公安局", "环境食品药品犯罪侦查支队支队长", "13905716382"),
        "2026-11-19", "江南人大交〔2026〕76号", "执法监督处",
        "答复前须与代表见面沟通；涉及公安、检察机关的内容须会商",
        "assigned",
        period="recess",
        co_depts=["政策法规处"],
    ),
    _p(
        "P51", "npc", NPC26, 2026, "1310",
        "关于支持云水市开展新污染物治理试点的建议",
        "云水市医药化工企业集中，抗生素、全氟化合物等新污染物环境风险较高，该市已具备一定的监测和科研基础。"
        "建议：一是支持云水市开展新污染物治理试点。二是在调查监测、源头管控、末端治理方面先行先试。三是给予试点资金和技术支持。",
        _who("廖文静", "云水代表团", "云水市生态环境局", "局长", "13967102853"),
        "2026-11-17", "江南人大交〔2026〕75号", "固体废物与化学品处",
        "参阅件，由处室研阅并在制定相关工作计划时参考，无需答复",
        "assigned",
        period="recess",
        bureau_role="reference",
    ),
    _p(
        "P52", "npc", NPC26, 2026, "1291",
        "关于加强夜间施工噪声管控的建议",
        "城市建设项目夜间施工噪声扰民问题突出，部分工地以“连续作业”为由长期夜间施工，居民投诉处理周期长。"
        "建议：一是严格夜间施工证明审核。二是在敏感区域工地安装噪声在线监测设备。三是建立投诉快速处置机制。",
        _who("冯雪芳", "青州代表团", "青州市城北街道锦绣社区", "党委书记", "13588039147"),
        "2026-10-27", "江南人大交〔2026〕69号", "大气环境处",
        "答复前须与代表沟通；涉及住房城乡建设部门职责的内容须会商",
        "in_progress",
        period="recess",
        co_depts=["执法监督处"],
    ),
    _p(
        "P53", "cppcc", CPPCC26, 2026, "0746",
        "关于加强饮用水水源地环境风险防控的提案",
        "我省部分饮用水水源地上游存在化工企业、危化品运输通道，突发环境事件风险较高，应急备用水源建设滞后。"
        "建议：一是开展水源地环境风险排查评估。二是建设水源地上游预警监测站。三是加快应急备用水源建设。",
        _who("石慧芳", "民革", "云水市自来水集团有限公司", "副总工程师", "13867190352"),
        "2026-08-26", "江南政协提交〔2026〕23号", "水生态环境处",
        "答复前须与提案人沟通",
        "awaiting_signoff",
        period="recess",
        co_signers=["赵文斌"],
        co_depts=["生态环境监测处"],
        contacts=[
            _c("办前", "见面座谈", "2026-09-09", "水生态环境处郑丽华处长、吴思远；石慧芳委员",
               "委员建议在云水江取水口上游设置预警监测站。"),
        ],
        result_class="A",
        reply_excerpt="我厅已完成全省86个县级以上饮用水水源地环境风险排查评估，建立风险源清单。"
        "云水江取水口上游12公里处预警监测站已于2026年10月建成投运，实现水质异常自动报警。",
    ),
    _p(
        "P54", "cppcc", CPPCC26, 2026, "0765",
        "关于推进河湖生态缓冲带建设的提案",
        "河湖生态缓冲带能有效拦截面源污染、改善水生态，但我省河湖岸线硬化比例高，缓冲带建设缺乏技术规范和资金保障。"
        "建议：一是出台河湖生态缓冲带建设技术指南。二是在重点流域开展试点。三是将缓冲带建设纳入水污染防治资金支持范围。",
        _who("陶建平", "农工党", "江南省水利水电科学研究院", "研究员", "13605817249"),
        "2026-09-10", "江南政协提交〔2026〕26号", "水生态环境处",
        "答复前须与提案人沟通",
        "office_review",
        period="recess",
        co_depts=["自然生态保护处"],
        contacts=[
            _c("办前", "电话", "2026-09-24", "水生态环境处吴思远；陶建平委员",
               "委员愿意提供省水利水电科学研究院的缓冲带研究成果。"),
        ],
        result_class="B",
        reply_excerpt="我厅正在组织编制《江南省河湖生态缓冲带建设技术指南》，计划2027年上半年发布。"
        "2026年在云水江、临江支流等重点流域安排生态缓冲带试点项目6个，已纳入省级水污染防治资金支持范围。",
    ),
    _p(
        "P55", "cppcc", CPPCC26, 2026, "0771",
        "关于加强流域水生态环境监测网络建设的提案",
        "当前水环境监测以理化指标为主，水生生物、栖息地等水生态指标监测能力薄弱，难以全面反映流域水生态健康状况。"
        "建议：一是在重点流域开展水生态监测试点。二是加强基层水生生物监测能力建设。三是建立流域水生态健康评价体系。",
        _who("柯文杰", "科学技术界", "江南省水产科学研究所", "副所长", "13906581934"),
        "2026-09-24", "江南政协提交〔2026〕27号", "生态环境监测处",
        "答复前须与提案人沟通",
        "in_progress",
        period="recess",
        co_depts=["水生态环境处"],
        contacts=[
            _c("办前", "电话", "2026-10-12", "生态环境监测处杜佳琪；柯文杰委员",
               "委员建议将鱼类环境DNA监测纳入试点内容。"),
        ],
    ),
    _p(
        "P56", "cppcc", CPPCC26, 2026, "0778",
        "关于推动工业园区污水处理设施提标改造的提案",
        "部分工业园区污水集中处理设施处理工艺与园区产业不匹配，难降解工业废水冲击负荷大，出水稳定达标压力大。"
        "建议：一是开展园区污水处理设施评估。二是推进“一企一管、明管输送”。三是对提标改造项目给予资金和用地支持。",
        _who("宁志华", "经济界", "江南省化工行业协会", "秘书长", "13857129408"),
        "2026-11-05", "江南政协提交〔2026〕30号", "水生态环境处",
        "会办件：会办意见须于交办之日起一个月内书面送省工业和信息化厅",
        "in_progress",
        period="recess",
        bureau_role="co",
        lead_unit="省工业和信息化厅",
    ),
    _p(
        "P57", "cppcc", CPPCC26, 2026, "0752",
        "关于完善生态环境志愿服务体系的提案",
        "我省生态环境志愿服务组织发展较快，但存在活动形式单一、激励机制缺乏、专业能力不足等问题。"
        "建议：一是建立全省生态环境志愿服务平台。二是完善志愿服务积分激励制度。三是加强志愿者专业培训。",
        _who("贺晓敏", "共青团和青联", "共青团江南省委", "志愿者工作部部长", "13588170462"),
        "2026-09-03", "江南政协提交〔2026〕24号", "宣传教育处",
        "答复前须与提案人沟通",
        "dept_review",
        period="recess",
        contacts=[
            _c("办前", "见面座谈", "2026-09-18", "宣传教育处蒋慧敏处长、苏晴；贺晓敏委员",
               "委员建议与团省委共建生态环境志愿服务品牌。"),
        ],
        result_class="A",
        reply_excerpt="我厅已会同团省委建成“江南生态志愿”服务平台，注册志愿者达8.6万人，并建立志愿服务时长积分兑换制度。"
        "2026年组织生态环境志愿者专业培训32期，打造“守护云水江”等志愿服务品牌。",
    ),
    _p(
        "P58", "cppcc", CPPCC26, 2026, "0790",
        "关于建立生态环境保护专项资金绩效评价机制的提案",
        "近年来省级生态环境专项资金规模逐年增加，但部分项目存在重分配、轻管理，资金使用效益不高，绩效评价结果运用不充分。"
        "建议：一是建立覆盖事前、事中、事后的全过程绩效管理。二是引入第三方绩效评价。三是将评价结果与下年度资金分配挂钩。",
        _who("章文华", "民建", "江南正信会计师事务所", "合伙人", "13806589152"),
        "2026-11-18", "江南政协提交〔2026〕32号", "科技与财务处",
        "答复前须与提案人沟通",
        "assigned",
        period="recess",
    ),
    _p(
        "P59", "cppcc", CPPCC26, 2026, "0784",
        "关于支持东岭县开展生态保护补偿试点的提案",
        "北山市东岭县是云水江源头区域，生态保护任务重、发展受限，群众增收渠道少，现有生态补偿资金规模小、方式单一。"
        "建议：一是支持东岭县开展生态保护补偿试点。二是探索生态产品价值实现机制。三是推动下游受益地区与东岭县建立横向生态保护补偿。",
        _who("夏春林", "农业和农村界", "北山市东岭县林业局", "局长", "13967130528"),
        "2026-11-12", "江南政协提交〔2026〕31号", "自然生态保护处",
        "参阅件，由处室研阅并在制定相关工作计划时参考，无需答复",
        "assigned",
        period="recess",
        bureau_role="reference",
    ),
    _p(
        "P60", "cppcc", CPPCC26, 2026, "0759",
        "关于推行危险废物跨省转移“白名单”制度的提案",
        "危险废物跨省转移审批周期长，企业综合利用需求难以及时满足。"
        "建议：一是与长三角等周边省份建立危险废物跨省转移“白名单”制度。二是推行跨省转移电子联单全程跟踪。三是加强转移过程监管。",
        _who("陆建华", "经济界", "江南绿源环境科技有限公司", "董事长", "13857162094"),
        "2026-09-07", "江南政协提交〔2026〕25号", "固体废物与化学品处",
        "答复前须与提案人沟通",
        "office_review",
        period="recess",
        co_depts=["执法监督处"],
        contacts=[
            _c("办前", "走访", "2026-09-22", "固体废物与化学品处冯志诚；陆建华委员",
               "委员反映企业废催化剂跨省利用审批等待时间超过两个月。"),
        ],
        result_class="A",
        reply_excerpt="我厅已与相邻三省生态环境部门签订危险废物跨省转移“白名单”合作协议，将废催化剂、废铅蓄电池等8类危险废物纳入白名单，"
        "审批时限由20个工作日压缩至5个工作日，转移全程实行电子联单跟踪。",
    ),
]

# ---------------------------------------------------------------------------
# Leader reception days (局领导接访日), records, bookings, contact points
# ---------------------------------------------------------------------------


class ReceptionRule(TypedDict):
    key: str
    title: str
    leaders: list[str]  # one username, or a rota (leaders[i] takes the i-th month counted from rota_start)
    pattern: Literal["monthly_day", "nth_weekday"]
    day: Optional[int]  # monthly_day: day of month
    weekday: Optional[int]  # nth_weekday: 0 = Monday … 4 = Friday
    nth: Optional[int]  # nth_weekday: 1 = first
    start: str  # "HH:MM"
    end: str
    place: str
    holiday_rule: str  # "next_working_day": a day that is not a working day moves to the next working day
    rota_start: Optional[str]  # "YYYY-MM" month in which leaders[0] is on duty
    valid_from: str
    note: str


class ReceptionSettings(TypedDict):
    rules: list[ReceptionRule]
    place: str
    address: str
    notice_title: str  # format with year=, month=
    areas: dict[str, str]  # username -> 分管领域 text for the public notice
    how_to_book: str
    out_of_scope: str
    notice_footer: str
    contact_phone: str


class ReceptionRecord(TypedDict):
    ref: str
    kind: str  # 现场接访/下访/约访
    date: str
    start: str
    end: str
    leader: str
    place: str
    visitors: str  # names separated by 、
    visitor_count: int
    issue: str
    instruction: str  # 领导批示/交办意见
    assigned_dept: str
    due: str  # 办理期限 (60 days under 信访工作条例)
    result: Optional[str]  # None while still being handled
    satisfaction: Optional[str]  # 满意/基本满意/不满意; None while pending


class Booking(TypedDict):
    ref: str
    date: str  # the reception day booked
    leader: str
    visitor_name: str
    phone: str
    id_number: str  # fake: province code 39 (unused) and a wrong check digit
    people_count: int
    issue: str
    booked_on: str


class ContactPoint(TypedDict):
    ref: str
    name: str
    kind: str  # 市县局/企业/村/园区
    place: str
    leader: str
    year: int
    target_per_quarter: int
    focus: str  # 联系重点


class ContactVisit(TypedDict):
    ref: str
    contact_point: str  # ContactPoint ref
    leader: str
    date: str
    participants: str
    problems_found: str
    problems_solved: str


RECEPTION_PLACE = "厅机关一楼群众来访接待室"

RECEPTION_RULES: list[ReceptionRule] = [
    {
        "key": "director_monthly",
        "title": "厅长接访日",
        "leaders": ["director"],
        "pattern": "monthly_day",
        "day": 15,
        "weekday": None,
        "nth": None,
        "start": "09:00",
        "end": "11:30",
        "place": RECEPTION_PLACE,
        "holiday_rule": "next_working_day",
        "rota_start": None,
        "valid_from": "2026-01-01",
        "note": "每月15日上午由厅长接访，遇法定节假日或双休日顺延至下一个工作日。",
    },
    {
        "key": "deputy_rota",
        "title": "副厅长轮值接访日",
        "leaders": ["leader", "leader2", "leader3", "leader4"],
        "pattern": "nth_weekday",
        "day": None,
        "weekday": 4,
        "nth": 1,
        "start": "14:30",
        "end": "17:00",
        "place": RECEPTION_PLACE,
        "holiday_rule": "next_working_day",
        "rota_start": "2026-01",
        "valid_from": "2026-01-01",
        "note": "每月第一个星期五下午由副厅长按周启明、钱淑芳、梁志远、宋立群的顺序轮流接访，遇节假日顺延至下一个工作日。",
    },
]

RECEPTION: ReceptionSettings = {
    "rules": RECEPTION_RULES,
    "place": RECEPTION_PLACE,
    "address": "临江市江北区明湖路88号江南省生态环境厅机关一楼（东侧入口）",
    "notice_title": "江南省生态环境厅{year}年{month}月领导接访日预告",
    "areas": {
        "director": "主持厅全面工作；分管办公室、政策法规处，负责生态环境政策法规、督察整改协调等方面的来访事项。",
        "leader": "分管大气环境处、生态环境监测处、核与辐射安全处，负责大气污染防治、噪声污染、生态环境监测、核与辐射安全等方面的来访事项。",
        "leader2": "分管水生态环境处、土壤生态环境处、自然生态保护处，负责水污染防治、饮用水水源保护、土壤和农业农村污染防治、自然保护地等方面的来访事项。",
        "leader3": "分管固体废物与化学品处、环境影响评价处、执法监督处，负责固体废物和危险废物、建设项目环评、环境违法行为查处等方面的来访事项。",
        "leader4": "分管宣传教育处、科技与财务处，负责生态环境宣传教育、信息公开、生态环境科技和专项资金等方面的来访事项。",
    },
    "how_to_book": "来访群众请至少提前一个工作日，通过拨打预约电话86601200（工作日8:30—17:00）或登录江南省生态环境厅网站“领导接访预约”栏目进行预约，"
    "如实填写姓名、联系电话、身份证号码、来访人数和反映事项。多人反映同一事项的，请推选不超过5名代表。来访当日请携带本人身份证件。",
    "out_of_scope": "下列事项不予受理：已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项；已经依法作出处理且复查、复核终结的事项；"
    "不属于生态环境部门职责范围的事项（将告知向有权处理的机关反映）；匿名或者无具体事项的来访。",
    "notice_footer": "接访当日请按预约时间到达，服从工作人员引导，依法有序反映诉求。未预约的群众可现场登记，视接访时间统筹安排。",
    "contact_phone": "86601200",
}

RECEPTION_RECORDS: list[ReceptionRecord] = [
    {
        "ref": "R01", "kind": "现场接访", "date": "2026-01-15", "start": "09:00", "end": "11:30",
        "leader": "director", "place": RECEPTION_PLACE,
        "visitors": "王建平、刘翠英、范国华", "visitor_count": 3,
        "issue": "临江市滨江街道锦江花园小区居民反映，小区东侧物流园每晚22时后仍有货车装卸作业，噪声严重影响休息，多次向区里反映未解决。",
        "instruction": "请大气环境处会同临江市生态环境局立即开展夜间噪声监测，依法督促物流园调整作业时间，30日内反馈处理情况。",
        "assigned_dept": "大气环境处", "due": "2026-03-16",
        "result": "经夜间监测，物流园厂界噪声超标6.8分贝。临江市生态环境局已责令其整改，物流园调整夜间装卸时间至22时前并建设隔声屏障120米，复测达标。",
        "satisfaction": "满意",
    },
    {
        "ref": "R02", "kind": "现场接访", "date": "2026-02-06", "start": "14:30", "end": "17:00",
        "leader": "leader2", "place": RECEPTION_PLACE,
        "visitors": "胡德胜、胡德利", "visitor_count": 2,
        "issue": "云水市南湖县荷塘镇上塘村村民反映，村旁养猪场异味扰民，雨天粪污顺沟渠流入农田和池塘。",
        "instruction": "请土壤生态环境处督促云水市生态环境局现场核查，依法查处粪污直排行为，同时指导养殖场完善粪污处理设施。",
        "assigned_dept": "土壤生态环境处", "due": "2026-04-07",
        "result": "经核查，该养殖场雨污分流设施破损导致粪污外溢，南湖县生态环境分局已依法立案处罚，养殖场完成雨污分流和储粪池防渗改造，沟渠已清淤。",
        "satisfaction": "满意",
    },
    {
        "ref": "R03", "kind": "下访", "date": "2026-03-11", "start": "09:30", "end": "12:00",
        "leader": "leader", "place": "北山市东岭县生态环境分局会议室",
        "visitors": "东岭县石门乡群众代表秦永福等4人", "visitor_count": 4,
        "issue": "东岭县石门乡多家石材加工企业露天切割，粉尘飘散，村民晾晒的衣物和农作物上落满灰尘。",
        "instruction": "请大气环境处指导北山市开展石材加工行业专项整治，对未落实密闭作业和湿法抑尘的企业限期整改。",
        "assigned_dept": "大气环境处", "due": "2026-05-10",
        "result": "北山市对东岭县23家石材加工企业开展专项整治，关停无证企业5家，其余企业全部完成车间密闭和湿法作业改造。",
        "satisfaction": "基本满意",
    },
    {
        "ref": "R04", "kind": "现场接访", "date": "2026-03-16", "start": "09:00", "end": "11:30",
        "leader": "director", "place": RECEPTION_PLACE,
        "visitors": "鲁建华", "visitor_count": 1,
        "issue": "青州市桐溪县某化工企业疑似夜间通过雨水管偷排废水，下游小河颜色发黄、有刺鼻气味。",
        "instruction": "请执法监督处组织突击夜查，查实后依法从严处理，涉嫌犯罪的移送公安机关。",
        "assigned_dept": "执法监督处", "due": "2026-05-15",
        "result": "执法人员夜间突击检查查实该企业通过雨水管排放未经处理的生产废水，已依法责令停产整治并处罚款，相关责任人移送公安机关。",
        "satisfaction": "满意",
    },
    {
        "ref": "R05", "kind": "现场接访", "date": "2026-04-03", "start": "14:30", "end": "17:00",
        "leader": "leader4", "place": RECEPTION_PLACE,
        "visitors": "吕秀芝、吕国民", "visitor_count": 2,
        "issue": "南屏市清溪县村民要求公开村旁拟建垃圾中转站的环境影响评价文件，担心影响饮水安全。",
        "instruction": "请环境影响评价处依法答复信息公开申请，并督促建设单位做好公众参与和解释工作。",
        "assigned_dept": "环境影响评价处", "due": "2026-06-02",
        "result": "已依法公开该项目环评报告表全本及批复文件，建设单位召开村民说明会，项目选址距水源井已调整至800米以外。",
        "satisfaction": "满意",
    },
    {
        "ref": "R06", "kind": "现场接访", "date": "2026-04-15", "start": "09:00", "end": "11:30",
        "leader": "director", "place": RECEPTION_PLACE,
        "visitors": "临江市湖滨社区居民代表龚丽萍等5人", "visitor_count": 5,
        "issue": "小区楼顶新建5G通信基站，居民担心电磁辐射危害健康，要求拆除。",
        "instruction": "请核与辐射安全处组织开展电磁辐射监测，公开监测结果，并做好科普解释。",
        "assigned_dept": "核与辐射安全处", "due": "2026-06-14",
        "result": "省辐射环境监测站在小区内布设12个点位监测，电磁辐射水平均远低于国家标准限值，已向居民公开结果并开展科普讲座。",
        "satisfaction": "基本满意",
    },
    {
        "ref": "R07", "kind": "下访", "date": "2026-05-20", "start": "14:00", "end": "17:00",
        "leader": "leader3", "place": "临江化学工业园区管委会",
        "visitors": "园区周边桃源村、新塘村群众代表8人", "visitor_count": 8,
        "issue": "园区周边村民反映傍晚时段经常闻到化工异味，担心影响健康。",
        "instruction": "请执法监督处牵头、大气环境处配合，对园区涉VOCs企业开展专项检查，并督促园区完善异味溯源监测。",
        "assigned_dept": "执法监督处", "due": "2026-07-19",
        "result": "专项检查发现2家企业泄漏检测与修复不到位、1家企业治理设施未正常运行，均已立案处罚并完成整改；园区新增异味监测点4个。",
        "satisfaction": "满意",
    },
    {
        "ref": "R08", "kind": "现场接访", "date": "2026-06-05", "start": "14:30", "end": "17:00",
        "leader": "leader2", "place": RECEPTION_PLACE,
        "visitors": "俞海林", "visitor_count": 1,
        "issue": "云水市城西河段近期出现大面积死鱼，河水发黑，怀疑有企业排污。",
        "instruction": "请水生态环境处会同云水市立即溯源排查，查明原因后向来访人反馈。",
        "assigned_dept": "水生态环境处", "due": "2026-08-04",
        "result": "经溯源排查，死鱼系强降雨期间上游城西污水处理厂溢流导致水体缺氧。云水市已实施管网清淤和调蓄池建设，河道水质已恢复。",
        "satisfaction": "满意",
    },
    {
        "ref": "R09", "kind": "约访", "date": "2026-06-24", "start": "15:00", "end": "16:30",
        "leader": "director", "place": "厅机关三楼第二会议室",
        "visitors": "青州恒达新材料股份有限公司许国栋等3人", "visitor_count": 3,
        "issue": "企业扩建项目环评报告多次修改仍未受理，影响项目落地。",
        "instruction": "请环境影响评价处提前介入指导，明确修改要求，在法定时限内完成审批。",
        "assigned_dept": "环境影响评价处", "due": "2026-08-23",
        "result": "环境影响评价处组织专家上门服务，一次性告知修改要求，项目环评已于2026年7月依法批复。",
        "satisfaction": "满意",
    },
    {
        "ref": "R10", "kind": "下访", "date": "2026-07-09", "start": "09:00", "end": "12:00",
        "leader": "leader", "place": "北山市生态环境局",
        "visitors": "北山市钢城街道居民代表6人", "visitor_count": 6,
        "issue": "北山钢铁集团周边小区降尘量大，窗台每天都有黑灰。",
        "instruction": "请大气环境处督促企业加快原料场封闭和无组织排放治理，同时在小区设置降尘监测点并公开数据。",
        "assigned_dept": "大气环境处", "due": "2026-09-07",
        "result": "企业已完成两个原料场全封闭改造，小区内新设2个降尘监测点，月均降尘量较治理前下降41%，监测数据按月公开。",
        "satisfaction": "基本满意",
    },
    {
        "ref": "R11", "kind": "现场接访", "date": "2026-08-07", "start": "14:30", "end": "17:00",
        "leader": "leader4", "place": RECEPTION_PLACE,
        "visitors": "姜春华", "visitor_count": 1,
        "issue": "住宅楼底层烧烤店油烟直排，夏季夜间经营至凌晨，油烟和噪声扰民。",
        "instruction": "请大气环境处协调临江市城市管理部门依职责处理，并向来访人说明职责分工。",
        "assigned_dept": "大气环境处", "due": "2026-10-06",
        "result": "已转临江市城市管理局依法处理，烧烤店已加装油烟净化设施并调整营业时间；已向来访人书面说明餐饮油烟监管职责分工。",
        "satisfaction": "基本满意",
    },
    {
        "ref": "R12", "kind": "现场接访", "date": "2026-09-15", "start": "09:00", "end": "11:30",
        "leader": "director", "place": RECEPTION_PLACE,
        "visitors": "南屏市清溪县龙泉村村民代表覃明亮等3人", "visitor_count": 3,
        "issue": "村后山沟有人夜间倾倒工业废渣，下雨后有黑水流出。",
        "instruction": "请固体废物与化学品处会同执法监督处查明废渣来源，依法追责，并督促属地及时清运处置。",
        "assigned_dept": "固体废物与化学品处", "due": "2026-11-14",
        "result": "经鉴定为某铝加工企业的一般工业固废，倾倒者已被公安机关刑事拘留，废渣约260吨已清运至合规场所处置，周边土壤和水体经监测未超标。",
        "satisfaction": "满意",
    },
    {
        "ref": "R13", "kind": "约访", "date": "2026-10-14", "start": "09:30", "end": "11:00",
        "leader": "leader2", "place": "厅机关三楼第二会议室",
        "visitors": "南屏市清溪县农家乐经营户包建新等2人", "visitor_count": 2,
        "issue": "因饮用水水源保护区整治，经营多年的农家乐被关停，认为补偿标准偏低。",
        "instruction": "请水生态环境处向来访人解释水源保护相关法律规定，并协调清溪县人民政府依法依规做好补偿和转产帮扶。",
        "assigned_dept": "水生态环境处", "due": "2026-12-13",
        "result": "已向来访人解释《水污染防治法》关于饮用水水源一级保护区的规定；清溪县人民政府已按县补偿方案兑现补偿，并提供转产就业帮扶。",
        "satisfaction": "不满意",
    },
    {
        "ref": "R14", "kind": "现场接访", "date": "2026-11-06", "start": "14:30", "end": "17:00",
        "leader": "leader3", "place": RECEPTION_PLACE,
        "visitors": "青州市桐溪县杨柳村村民代表4人", "visitor_count": 4,
        "issue": "村旁危险废物经营单位贮存库扩建，村民担心发生泄漏和火灾，要求公开应急预案并搬迁。",
        "instruction": "请固体废物与化学品处核查该单位经营许可和扩建环评手续，督促其公开应急预案，并于60日内向来访人反馈。",
        "assigned_dept": "固体废物与化学品处", "due": "2027-01-05",
        "result": None,
        "satisfaction": None,
    },
    {
        "ref": "R15", "kind": "现场接访", "date": "2026-11-16", "start": "09:00", "end": "11:30",
        "leader": "director", "place": RECEPTION_PLACE,
        "visitors": "临江市江北区明月湾小区业主代表蔡志强等5人", "visitor_count": 5,
        "issue": "小区南侧混凝土搅拌站砂石堆场未覆盖，扬尘大，夜间搅拌噪声扰民。",
        "instruction": "请大气环境处督促临江市生态环境局开展扬尘和噪声监测，依法查处，并同步核查搅拌站环评手续。",
        "assigned_dept": "大气环境处", "due": "2027-01-15",
        "result": None,
        "satisfaction": None,
    },
    {
        "ref": "R16", "kind": "约访", "date": "2026-11-18", "start": "09:30", "end": "11:00",
        "leader": "leader", "place": "厅机关三楼第二会议室",
        "visitors": "王建平、刘翠英、范国华", "visitor_count": 3,
        "issue": "锦江花园小区居民再次反映：物流园隔声屏障建成后，凌晨仍有冷链车辆进出、制冷机组噪声扰民。",
        "instruction": "请大气环境处会同临江市生态环境局开展凌晨时段噪声监测，督促物流园落实冷链车辆停放和机组降噪措施。",
        "assigned_dept": "大气环境处", "due": "2027-01-17",
        "result": None,
        "satisfaction": None,
    },
]

# 信访研判: each record's issue category, district (区县) and the place it concerns.
RECORD_ANALYSIS: dict[str, tuple[str, str, str]] = {
    "R01": ("noise", "临江市滨江区", "锦江花园东侧物流园"),
    "R02": ("water", "云水市南湖县", "荷塘镇上塘村养猪场"),
    "R03": ("air", "北山市东岭县", "石门乡石材加工企业"),
    "R04": ("water", "青州市桐溪县", "桐溪县化工企业雨水排口"),
    "R05": ("waste", "南屏市清溪县", "清溪县拟建垃圾中转站"),
    "R06": ("radiation", "临江市江北区", "湖滨社区5G通信基站"),
    "R07": ("air", "青州市经开区", "青州经济技术开发区"),
    "R08": ("water", "云水市城西区", "云水市城西河段"),
    "R09": ("other", "青州市经开区", "青州经济技术开发区"),
    "R10": ("air", "北山市钢城区", "北山钢铁集团周边小区"),
    "R11": ("air", "临江市江北区", "住宅楼底层烧烤店"),
    "R12": ("waste", "南屏市清溪县", "龙泉村后山沟"),
    "R13": ("water", "南屏市清溪县", "清溪县饮用水水源保护区"),
    "R14": ("waste", "青州市桐溪县", "杨柳村危险废物贮存库"),
    "R15": ("noise", "临江市江北区", "明月湾小区南侧搅拌站"),
    "R16": ("noise", "临江市滨江区", "锦江花园东侧物流园"),
}

BOOKINGS: list[Booking] = [
    {"ref": "B01", "date": "2026-12-04", "leader": "leader4", "visitor_name": "高秀梅", "phone": "13905716218",
     "id_number": "390102197904122313", "people_count": 1,
     "issue": "申请公开临江市某污水处理厂在线监测数据，前期申请未获答复。", "booked_on": "2026-11-17"},
    {"ref": "B02", "date": "2026-12-04", "leader": "leader4", "visitor_name": "邱立新", "phone": "13857034129",
     "id_number": "390203198511080425", "people_count": 2,
     "issue": "反映青州市白溪镇环保宣传栏内容长期未更新，建议在镇上设生态环境科普点。", "booked_on": "2026-11-18"},
    {"ref": "B03", "date": "2026-12-04", "leader": "leader4", "visitor_name": "温志勇", "phone": "15067218836",
     "id_number": "390521196807253161", "people_count": 1,
     "issue": "企业申请的省级生态环境专项资金项目验收后补助资金迟迟未拨付。", "booked_on": "2026-11-19"},
    {"ref": "B04", "date": "2026-12-15", "leader": "director", "visitor_name": "杭晓丽", "phone": "13588214907",
     "id_number": "390303199203176282", "people_count": 3,
     "issue": "小区旁新建垃圾中转站异味扰民，要求督促整改。", "booked_on": "2026-11-18"},
    {"ref": "B05", "date": "2026-12-15", "leader": "director", "visitor_name": "毛建军", "phone": "13967205318",
     "id_number": "390102198812300545", "people_count": 1,
     "issue": "反映北山市某铸造企业夜间排放黑烟。", "booked_on": "2026-11-19"},
    {"ref": "B06", "date": "2026-12-15", "leader": "director", "visitor_name": "祁红英", "phone": "18758130264",
     "id_number": "390421197506148738", "people_count": 5,
     "issue": "村民反映村旁河道采砂后河床裸露、水质变差，要求开展生态修复。", "booked_on": "2026-11-19"},
    {"ref": "B07", "date": "2026-12-15", "leader": "director", "visitor_name": "甘永明", "phone": "13706591472",
     "id_number": "390602199009261151", "people_count": 1,
     "issue": "对某建设项目环评批复有异议，认为公众参与不充分。", "booked_on": "2026-11-20"},
    {"ref": "B08", "date": "2026-12-15", "leader": "director", "visitor_name": "龙淑华", "phone": "13605812063",
     "id_number": "39021119830301497X", "people_count": 2,
     "issue": "养殖场粪污处理设施运行不正常，周边池塘水质发黑。", "booked_on": "2026-11-20"},
]

CONTACT_POINTS: list[ContactPoint] = [
    {"ref": "C01", "name": "临江市生态环境局", "kind": "市县局", "place": "临江市江北区滨湖路16号", "leader": "director",
     "year": 2026, "target_per_quarter": 1, "focus": "美丽江南建设先行区创建、中央生态环境保护督察反馈问题整改"},
    {"ref": "C02", "name": "北山市东岭县白沙村", "kind": "村", "place": "北山市东岭县白沙镇白沙村", "leader": "director",
     "year": 2026, "target_per_quarter": 1, "focus": "农村生活污水治理设施运维、美丽乡村建设"},
    {"ref": "C03", "name": "北山钢铁集团有限公司", "kind": "企业", "place": "北山市钢城区冶金路1号", "leader": "leader",
     "year": 2026, "target_per_quarter": 1, "focus": "钢铁行业超低排放改造、清洁运输"},
    {"ref": "C04", "name": "青州经济技术开发区", "kind": "园区", "place": "青州市经开区创业大道200号", "leader": "leader",
     "year": 2026, "target_per_quarter": 1, "focus": "园区VOCs综合治理、环境监测监控体系建设"},
    {"ref": "C05", "name": "云水市生态环境局南湖分局", "kind": "市县局", "place": "云水市南湖县湖心路9号", "leader": "leader2",
     "year": 2026, "target_per_quarter": 1, "focus": "南湖水质提升、饮用水水源地规范化建设"},
    {"ref": "C06", "name": "云水市南湖县青石村", "kind": "村", "place": "云水市南湖县荷塘镇青石村", "leader": "leader2",
     "year": 2026, "target_per_quarter": 1, "focus": "农村黑臭水体治理、受污染耕地安全利用"},
    {"ref": "C07", "name": "临江化学工业园区", "kind": "园区", "place": "临江市江北区化工大道", "leader": "leader3",
     "year": 2026, "target_per_quarter": 1, "focus": "化工园区环境风险防控、危险废物规范化环境管理"},
    {"ref": "C08", "name": "江南绿源环境科技有限公司", "kind": "企业", "place": "南屏市清溪县循环经济产业园", "leader": "leader3",
     "year": 2026, "target_per_quarter": 1, "focus": "危险废物集中处置和资源化利用"},
    {"ref": "C09", "name": "青州市生态环境局", "kind": "市县局", "place": "青州市城南区人民路58号", "leader": "leader4",
     "year": 2026, "target_per_quarter": 1, "focus": "生态环境宣传教育、环保设施向公众开放"},
    {"ref": "C10", "name": "丰阳市梅岭村", "kind": "村", "place": "丰阳市梅岭镇梅岭村", "leader": "leader4",
     "year": 2026, "target_per_quarter": 1, "focus": "生态产品价值实现、生态环境科普示范村建设"},
]

CONTACT_VISITS: list[ContactVisit] = [
    {"ref": "V01", "contact_point": "C01", "leader": "director", "date": "2026-02-26",
     "participants": "陆伟东厅长、办公室唐建华主任、政策法规处黄永康处长；临江市生态环境局班子成员",
     "problems_found": "督察反馈的江北区两处入河排污口整改进度滞后；区县执法人员不足。",
     "problems_solved": "协调省级资金支持排污口整治，两处排污口已于6月完成整改销号；安排临江市执法人员参加省级轮训。"},
    {"ref": "V02", "contact_point": "C03", "leader": "leader", "date": "2026-03-19",
     "participants": "周启明副厅长、大气环境处孙海波处长；北山钢铁集团负责人",
     "problems_found": "原料场封闭改造施工影响生产，清洁运输比例仅为52%，铁路专用线审批进展慢。",
     "problems_solved": "指导企业分段施工，原料场封闭改造已完成；协调北山市加快铁路专用线用地手续办理。"},
    {"ref": "V03", "contact_point": "C06", "leader": "leader2", "date": "2026-04-23",
     "participants": "钱淑芳副厅长、水生态环境处郑丽华处长、土壤生态环境处潘国梁处长；青石村两委",
     "problems_found": "村内两处坑塘黑臭，村级污水处理设施有一座停运。",
     "problems_solved": "两处坑塘纳入2026年农村黑臭水体治理清单并已完成治理；停运设施已维修恢复运行。"},
    {"ref": "V04", "contact_point": "C07", "leader": "leader3", "date": "2026-05-21",
     "participants": "梁志远副厅长、固体废物与化学品处傅晓燕处长、执法监督处范志刚处长；园区管委会",
     "problems_found": "园区废盐贮存量大、处置出路不畅；个别企业危险废物台账不规范。",
     "problems_solved": "协调江南绿源环境科技有限公司接收园区废盐1800吨；督促3家企业完善危险废物管理台账。"},
    {"ref": "V05", "contact_point": "C09", "leader": "leader4", "date": "2026-07-16",
     "participants": "宋立群副厅长、宣传教育处蒋慧敏处长；青州市生态环境局",
     "problems_found": "环保设施开放单位讲解人员不足，中小学生参观预约渠道不畅。",
     "problems_solved": "组织开放单位讲解员培训2期；在青州市教育局平台开通参观预约入口。"},
    {"ref": "V06", "contact_point": "C04", "leader": "leader", "date": "2026-09-24",
     "participants": "周启明副厅长、大气环境处林嘉怡、生态环境监测处罗建新处长；青州经开区管委会",
     "problems_found": "园区VOCs监测站点位布设不合理，部分企业异味投诉集中。",
     "problems_solved": "指导园区调整2个监测站点位；对投诉集中的2家企业开展帮扶，完成治理设施升级。"},
]

# Problems found on the visits above, handed to a 处室 (联系点问题): (visit, problem, 处室, deadline, outcome,
# what the 处室 reported, the day it reported). outcome: solved (the leader accepted) / closed (awaiting the
# leader's review) / assigned (being handled; a progress note instead of a report) / new (not yet handed over).
POINT_PROBLEMS: list[tuple[str, str, str, str, str, str, str]] = [
    ("V01", "督察反馈的江北区两处入河排污口整改进度滞后", "水生态环境处", "2026-06-30", "solved",
     "协调省级资金支持排污口整治，两处排污口已完成整改并销号。", "2026-06-19"),
    ("V01", "区县生态环境执法人员不足，夜间和节假日执法力量薄弱", "执法监督处", "2026-05-29", "solved",
     "已安排临江市12名执法人员参加省级执法轮训，并建立市县执法人员交叉检查机制。", "2026-05-15"),
    ("V02", "原料场封闭改造施工影响生产，企业希望分段施工", "大气环境处", "2026-04-30", "solved",
     "指导企业分段施工，原料场封闭改造已完成，经现场核查无露天堆放。", "2026-04-24"),
    ("V02", "清洁运输比例仅为52%，铁路专用线用地审批进展慢", "大气环境处", "2026-12-31", "assigned",
     "已协调北山市自然资源和规划局开辟绿色通道，铁路专用线用地预审已通过。", ""),
    ("V03", "村内两处坑塘黑臭", "水生态环境处", "2026-09-30", "solved",
     "两处坑塘纳入2026年农村黑臭水体治理清单，已完成清淤和生态修复，水质监测达标。", "2026-09-10"),
    ("V03", "村级污水处理设施有一座停运", "土壤生态环境处", "2026-06-30", "closed",
     "督促南湖县落实运维单位，停运设施已维修并恢复运行，出水水质达标。", "2026-06-18"),
    ("V04", "园区废盐贮存量大、处置出路不畅", "固体废物与化学品处", "2026-08-31", "solved",
     "协调江南绿源环境科技有限公司接收园区废盐1800吨，建立废盐定期转运机制。", "2026-08-14"),
    ("V04", "个别企业危险废物管理台账不规范", "执法监督处", "2026-07-31", "solved",
     "督促3家企业完善危险废物管理台账，纳入年度规范化环境管理评估。", "2026-07-08"),
    ("V05", "环保设施开放单位讲解人员不足", "宣传教育处", "2026-10-30", "closed",
     "组织开放单位讲解员培训2期，培训讲解员46名。", "2026-10-22"),
    ("V05", "中小学生参观预约渠道不畅", "宣传教育处", "2026-09-30", "solved",
     "在青州市教育局平台开通参观预约入口，9月以来接待中小学生参观23批次。", "2026-09-18"),
    ("V06", "园区VOCs监测站点位布设不合理", "生态环境监测处", "2026-11-10", "assigned",
     "已完成点位论证，新点位设备招标中。", ""),
    ("V06", "园区周边村庄夜间异味投诉集中", "", "", "new", "", ""),
]

# ---------------------------------------------------------------------------
# Phrases for generated feedback and contacts (the seeder may pick from these)
# ---------------------------------------------------------------------------

FEEDBACK_WORDS: dict[str, list[str]] = {
    "满意": [
        "办理态度认真，答复内容具体，所提问题得到了较好解决。",
        "承办处室多次沟通，措施实在，对办理结果满意。",
        "答复有针对性，希望继续跟踪落实。",
    ],
    "基本满意": [
        "工作有进展，但部分问题还需要时间解决，希望加快进度。",
        "沟通比较充分，答复中个别措施还不够具体。",
        "对办理态度满意，办理结果基本满意，请做好后续落实。",
    ],
    "不满意": [
        "答复内容较为笼统，没有明确时间表和责任单位，希望重新研究办理。",
        "所提问题没有得到实质性解决，希望加大工作力度。",
    ],
}

CONTACT_WORDS: list[str] = [
    "代表对承办处室主动沟通表示感谢，希望答复前再交流一次。",
    "委员介绍了提案的调研背景，建议重点关注基层落实情况。",
    "代表希望办理过程中邀请其实地察看。",
    "提案人认可目前的工作思路，希望答复内容逐条回应。",
]

REPLY_CONTACT_NOTE = "联系人：{name}，联系电话：{phone}"
REPLY_TITLE = "关于{session_name}第{number}号{kind_word}的答复"  # kind_word: 建议/提案
REPLY_COPY_TO = {"npc": "省人大常委会选举联络人事任免工作委员会，省政府办公厅", "cppcc": "省政协提案委员会，省政府办公厅"}


# Local petition milestones ("1、2、4"): contact the petitioner within a week, investigate on site within two,
# reply within four; counted from the day of the reception.
PETITION_MILESTONES = [
    {"name": "联系来访人", "days": 7, "working_days": False},
    {"name": "现场调查核实", "days": 14, "working_days": False},
    {"name": "书面答复来访人", "days": 28, "working_days": False},
]
