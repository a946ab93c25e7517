"""Deterministic synthetic Chinese training content, written against the content contract.

    python benchmarks/generate.py --courses 1000 --out /tmp/bench/1000

N courses of about 1,500 Chinese characters (headings, tables, lists, admonitions) over three tiers
and ten topic folders, learning paths of 25 courses with a milestone each, a 10-question bank per
course (all six types), a glossary and a handbook (the SOP tag: every tenth course). The same seed
gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

TIERS = [("foundation", "新人基础层"), ("advanced", "骨干提升层"), ("expert", "专家引领层")]
DIMENSIONS = [("knowledge", "知识"), ("skill", "技能"), ("attitude", "素养")]
COMPETENCIES = [
    ("service-mindset", "服务意识", "attitude"), ("communication", "沟通表达", "skill"),
    ("needs-discovery", "倾听与需求挖掘", "skill"), ("empathy", "共情与情绪管理", "skill"),
    ("complaint-resolution", "投诉处理", "skill"), ("product-knowledge", "产品知识", "knowledge"),
    ("system-operation", "系统与工具操作", "skill"), ("policy-compliance", "制度与合规", "knowledge"),
    ("quality-awareness", "质量意识", "attitude"), ("data-insight", "数据分析", "knowledge"),
    ("coaching", "辅导带教", "skill"), ("resilience", "抗压与自我调节", "attitude"),
]
AUDIENCES = [("new-hire", "新入职客服"), ("hotline", "热线组"), ("online", "在线客服组"), ("after-sales", "售后投诉组"),
             ("team-lead", "班组长"), ("trainer", "培训师")]
FORMATS = [("classroom", "面授讲解"), ("micro-course", "线上微课"), ("role-play", "情景演练"), ("case-study", "案例研讨")]
TOPICS = [
    ("greeting", "接待礼仪"), ("ticket", "工单流转"), ("refund", "退换货政策"), ("complaint", "投诉处理"),
    ("quality", "服务质检"), ("knowledge", "知识库检索"), ("privacy", "信息安全"), ("emotion", "情绪管理"),
    ("metrics", "服务指标"), ("coaching", "带教辅导"),
]
OWNERS = ["客服培训组", "客服运营中心", "质检与培训部", "售后服务部", "热线服务部"]
TERMS = [
    ("一次解决率", ["FCR"]), ("平均处理时长", ["AHT"]), ("客户满意度", ["CSAT"]), ("净推荐值", ["NPS"]),
    ("服务水平", ["SLA"]), ("接通率", []), ("放弃率", []), ("升级率", []), ("重复来电率", []), ("质检合格率", []),
    ("工单", ["服务工单"]), ("知识库", ["KB"]), ("话术", ["标准话术"]), ("首问负责制", []), ("回访", ["客户回访"]),
    ("情绪安抚", ["安抚"]), ("投诉升级", []), ("限时办结", []), ("信息脱敏", []), ("身份核验", []),
]
SUBJECTS = ["客户", "来电客户", "在线客户", "老客户", "企业客户", "首次咨询的客户"]
CHANNELS = ["电话", "在线聊天", "邮件", "短信", "社交媒体私信", "视频客服"]
ACTIONS = ["核实订单信息", "查询知识库", "记录工单", "安抚情绪", "确认诉求", "说明政策", "提出解决方案", "约定回访时间",
           "转接专员", "升级主管", "复述要点", "检查系统记录"]
QUALITIES = ["耐心", "准确", "及时", "礼貌", "清晰", "专业", "真诚", "简洁"]
RESULTS = ["一次解决率提高", "重复来电减少", "客户满意度上升", "投诉升级下降", "平均处理时长缩短", "质检得分提升"]
SENTENCES = [
    "{subject}通过{channel}联系我们时,客服应当先{action},再根据实际情况{action2},整个过程保持{quality}。",
    "在{topic}场景中,最常见的失误是没有{action}就直接{action2},结果往往需要客户再次来电。",
    "班组长在复盘时发现,坚持{action}的小组,{result}的效果最明显,这说明细节决定体验。",
    "{subject}情绪激动时,不要急于解释,先用{quality}的语气{action},让客户感到被重视。",
    "按照{topic}的规范,客服需要在{minutes}分钟内{action},超过时限要在系统中注明原因。",
    "新人常常担心说错话,其实只要{action}并且{action2},大部分问题都能在第一次接触时解决。",
    "质检员评估{topic}时主要看三点:是否{action}、是否{action2}、表达是否{quality}。",
    "遇到无法当场答复的问题,要如实告知{subject},并约定在{hours}小时内给出结果。",
    "通过{channel}沟通时,文字要{quality},避免使用客户听不懂的内部术语和缩写。",
    "数据显示,过去一个季度{topic}相关的来电占比约为百分之{percent},值得每位客服重点练习。",
]


def chinese(rand: random.Random, topic: str, count: int) -> list[str]:
    sentences = []
    for _ in range(count):
        template = rand.choice(SENTENCES)
        action, action2 = rand.sample(ACTIONS, 2)
        sentences.append(template.format(
            subject=rand.choice(SUBJECTS), channel=rand.choice(CHANNELS), action=action, action2=action2,
            quality=rand.choice(QUALITIES), result=rand.choice(RESULTS), topic=topic,
            minutes=rand.choice([3, 5, 10, 15]), hours=rand.choice([2, 4, 24, 48]), percent=rand.randint(5, 40),
        ))
    return sentences


def course_id(index: int) -> str:
    return f"c{index:05d}"


def course_placement(index: int, total: int) -> tuple[str, tuple[str, str]]:
    tier = TIERS[min(2, index * 3 // total)][0]
    return tier, TOPICS[index % len(TOPICS)]


def course_markdown(index: int, total: int, rand: random.Random) -> tuple[str, str]:
    tier, (topic_id, topic) = course_placement(index, total)
    cid = course_id(index)
    title = f"{topic}实务 第{index + 1}讲"
    same_topic_before = index - len(TOPICS)
    prerequisites = [course_id(same_topic_before)] if same_topic_before >= 0 and rand.random() < 0.6 else []
    competencies = sorted({c[0] for c in rand.sample(COMPETENCIES, 2)})
    tags = [topic] + (["SOP"] if index % 10 == 0 else [])
    reviewed = dt.date(2026, 1, 1) + dt.timedelta(days=rand.randint(0, 300))
    front = {
        "id": cid, "title": title, "tier": tier,
        "summary": chinese(rand, topic, 1)[0][:40],
        "duration": rand.choice([30, 45, 60, 90, 120]),
        "objectives": [{"knowledge": f"说出{topic}的三条关键要求"}, {"skill": f"在演练中独立完成一次{topic}场景处理"}],
        "competencies": competencies, "prerequisites": prerequisites,
        "audience": [rand.choice(AUDIENCES)[0]], "formats": [rand.choice(FORMATS)[0]],
        "quiz": f"{cid}-check", "owner": rand.choice(OWNERS), "reviewed": reviewed.isoformat(),
        "review_every": 365, "version": rand.randint(1, 3), "tags": tags,
    }
    body = [f"本讲围绕{topic}展开,帮助学员把规范变成习惯。" + "".join(chinese(rand, topic, 2))]
    for number, heading in enumerate(["场景与要求", "操作步骤", "常见问题", "案例复盘"], start=1):
        body.append(f"## {'一二三四'[number - 1]}、{heading}")
        body.append("".join(chinese(rand, topic, 7)))
        if heading == "操作步骤":
            body.append("\n".join(f"{i}. **{action}**:{chinese(rand, topic, 1)[0]}" for i, action in
                                  enumerate(rand.sample(ACTIONS, 4), start=1)))
        if heading == "常见问题":
            rows = ["| 情形 | 推荐做法 | 时限 |", "| --- | --- | --- |"]
            rows += [f"| {rand.choice(SUBJECTS)}{rand.choice(['催促进度', '要求赔偿', '情绪激动', '多次来电'])} | "
                     f"{rand.choice(ACTIONS)},并{rand.choice(ACTIONS)} | {rand.choice([2, 4, 24])} 小时内 |" for _ in range(4)]
            body.append("\n".join(rows))
        if heading == "案例复盘":
            body.append(f'!!! tip "要点"\n    {chinese(rand, topic, 1)[0]}')
            term, _ = rand.choice(TERMS)
            body.append(f"本讲涉及的指标包括{term},详见术语表。")
    if prerequisites:
        body.append(f"学习本讲前,建议先完成[上一讲](../../{course_placement(same_topic_before, total)[0]}/"
                    f"{topic_id}/{prerequisites[0]}.md)。")
    return f"---\n{json_yaml(front)}---\n\n" + "\n\n".join(body) + "\n", f"courses/{tier}/{topic_id}/{cid}.md"


def json_yaml(data: dict) -> str:
    """YAML via JSON flow values: valid YAML, stable, no quoting surprises."""
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items())


def quiz_bank(index: int, total: int, rand: random.Random) -> dict:
    _, (_, topic) = course_placement(index, total)
    questions = []
    for number in range(10):
        kind = ["single", "multiple", "true-false", "fill", "order", "match"][number % 6]
        question = {"id": f"q{number + 1}", "type": kind, "competency": rand.choice(COMPETENCIES)[0],
                    "prompt": chinese(rand, topic, 1)[0].rstrip("。") + "?这种做法对吗?" if kind == "true-false"
                    else f"关于{topic},{chinese(rand, topic, 1)[0][:24]}……下列说法正确的是?",
                    "explanation": chinese(rand, topic, 1)[0]}
        if kind in ("single", "multiple"):
            options = rand.sample(ACTIONS, 4)
            correct = {0} if kind == "single" else {0, 2}
            question["choices"] = [{"text": f"先{o}", "correct": i in correct, **({"feedback": "顺序不对。"} if i == 1 else {})}
                                   for i, o in enumerate(options)]
        elif kind == "true-false":
            question["answer"] = rand.random() < 0.5
        elif kind == "fill":
            question["prompt"] = f"{topic}类工单须在 ___ 小时内首次回复。"
            question["answers"] = ["24", "二十四"]
        elif kind == "order":
            question["prompt"] = f"将{topic}的处理步骤按顺序排列"
            question["items"] = rand.sample(ACTIONS, 4)
        else:
            question["prompt"] = "将指标与含义配对"
            question["pairs"] = [["FCR", "一次解决率"], ["AHT", "平均处理时长"], ["CSAT", "客户满意度"]]
        questions.append(question)
    return {"id": f"{course_id(index)}-check", "title": f"{topic}实务 第{index + 1}讲 自测", "mode": "self-check",
            "pass_score": 80, "shuffle": True, "questions": questions}


def model() -> dict:
    return {
        "tiers": [{"id": i, "name": n} for i, n in TIERS],
        "dimensions": [{"id": i, "name": n} for i, n in DIMENSIONS],
        "competencies": [{"id": i, "name": n, "dimension": d} for i, n, d in COMPETENCIES],
        "audiences": [{"id": i, "name": n} for i, n in AUDIENCES],
        "formats": [{"id": i, "name": n} for i, n in FORMATS],
    }


def paths(total: int) -> list[tuple[str, str]]:
    """Paths of up to 25 courses of one topic, each with a milestone quiz."""
    result = []
    per_topic: dict[int, list[int]] = {}
    for index in range(total):
        per_topic.setdefault(index % len(TOPICS), []).append(index)
    for topic_number, indexes in per_topic.items():
        topic_id, topic = TOPICS[topic_number]
        for part, start in enumerate(range(0, len(indexes), 25), start=1):
            chunk = indexes[start:start + 25]
            tier, _ = course_placement(chunk[0], total)
            steps = [{"course": course_id(i)} for i in chunk]
            steps.insert(len(steps) // 2, {"milestone": f"{topic}阶段测验", "quiz": f"{course_id(chunk[0])}-check"})
            pid = f"{topic_id}-path-{part}"
            front = {"id": pid, "title": f"{topic}进阶路径 {part}", "tier": tier, "summary": f"{topic}相关课程的系统学习路径。",
                     "audience": ["new-hire"], "target_days": 30, "steps": steps}
            result.append((f"paths/{pid}.md", f"---\n{json_yaml(front)}---\n\n按顺序完成{topic}的课程。\n"))
    return result


REPO = Path(__file__).resolve().parents[1]


def mkdocs_yml() -> str:
    """The project's own configuration, pointed at the project's theme overrides."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return text.replace("custom_dir: site_overrides", f"custom_dir: {REPO / 'site_overrides'}")


def generate(total: int, out: Path, seed: int = 2026) -> None:
    rand = random.Random(seed)
    docs = out / "curriculum"
    (out / "assessments" / "quizzes").mkdir(parents=True, exist_ok=True)
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "model.yml").write_text(json_yaml(model()), encoding="utf-8")
    (docs / "index.md").write_text("---\ntitle: 客服培训门户(基准)\n---\n\n合成内容,用于性能基准。\n", encoding="utf-8")
    glossary = {"terms": [{"term": t, "aliases": a, "definition": f"{t}是客服常用的概念。"} for t, a in TERMS]}
    (docs / "glossary.yml").write_text(json_yaml(glossary), encoding="utf-8")
    for index in range(total):
        text, relative = course_markdown(index, total, rand)
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        bank = quiz_bank(index, total, rand)
        (out / "assessments" / "quizzes" / f"{bank['id']}.yml").write_text(json_yaml(bank), encoding="utf-8")
    (docs / "paths").mkdir(exist_ok=True)
    for relative, text in paths(total):
        (docs / relative).write_text(text, encoding="utf-8")
    handbook = {"handbooks": [{"id": "operator-handbook", "title": "客服操作手册(基准)", "include": [{"tag": "SOP"}]}]}
    (out / "handbooks.yml").write_text(json_yaml(handbook), encoding="utf-8")
    (out / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")


RUBRIC = {
    "id": "complaint-handling", "title": "实操考核评分表：投诉处理场景", "pass_score": 80, "total": 100,
    "criteria": [{"id": cid, "name": name, "points": points, "standard": f"{name}达到要求"}
                 for cid, name, points in (("emotion", "情绪管理", 20), ("needs", "需求挖掘", 25),
                                           ("solution", "解决方案", 30), ("process", "流程规范", 15),
                                           ("follow-up", "后续跟进", 10))],
}


def scenario(index: int, total_courses: int, rand: random.Random) -> dict:
    """A role-play of 15 nodes: five rounds of three answers (good, fair, poor) and three endings; the good
    answers add up to each criterion's points, so the best play earns full marks."""
    criteria = [(c["id"], c["points"]) for c in RUBRIC["criteria"]]
    nodes: dict = {}
    rounds = 5
    for turn in range(rounds):
        good_next = f"r{turn + 1}" if turn + 1 < rounds else "resolved"
        fair_next = f"r{turn + 1}" if turn + 1 < rounds else "escalated"
        criterion, points = criteria[turn]
        line = "".join(chinese(rand, "客户来电", 1))[:60]
        nodes[f"r{turn}"] = {"customer": f"（第 {turn + 1} 轮）{line}", "choices": [
            {"say": "".join(chinese(rand, "安抚与方案", 1))[:50], "next": good_next, "scores": {criterion: points},
             "feedback": "先接住情绪，再给出可兑现的方案。"},
            {"say": "".join(chinese(rand, "解释说明", 1))[:50], "next": fair_next, "scores": {criterion: points // 2},
             "feedback": "方向对，但不够具体。"},
            {"say": "".join(chinese(rand, "推诿", 1))[:50], "next": "lost", "scores": {criterion: -3},
             "feedback": "把责任推给别人，客户情绪升级。"},
        ]}
    nodes["resolved"] = {"customer": "好的，那我等你的消息。", "ending": "resolved", "outcome": "客户接受方案。",
                         "model_answer": "先道歉，再问清需求，给出方案并约定回访。"}
    nodes["escalated"] = {"customer": "那请你们主管联系我。", "ending": "escalated", "outcome": "按升级矩阵转交主管。"}
    nodes["lost"] = {"customer": "算了，我去投诉你们！", "ending": "lost", "outcome": "客户挂断并投诉。"}
    for extra in range(15 - len(nodes)):
        nodes[f"aside{extra}"] = {"customer": "你刚才说的我没听清，再说一遍？", "choices": [
            {"say": "好的，我再说明一次。", "next": "lost", "scores": {}, "feedback": "复述要简洁。"}]}
        nodes[f"r{extra % rounds}"]["choices"].append({"say": f"（第 {extra + 1} 种说法）我先确认一下情况。", "next": f"aside{extra}",
                                       "scores": {}, "feedback": "没有推进问题。"})
    return {
        "id": f"s{index:04d}", "title": f"情景模拟 {index:04d}：{''.join(chinese(rand, '投诉', 1))[:16]}",
        "summary": "".join(chinese(rand, "情景", 1))[:60], "tier": TIERS[index % len(TIERS)][0],
        "competencies": ["complaint-resolution", "empathy"], "courses": [course_id(index * 3 % total_courses)],
        "rubric": "complaint-handling", "owner": "客服培训组", "reviewed": "2026-10-01",
        "customer": {"who": "老客户", "situation": "".join(chinese(rand, "来电情况", 1))[:60], "emotion": "愤怒",
                     "hidden": ["下周要出差"], "triggers": ["被要求重复信息"]},
        "agent": {"brief": "订单已出库；可补偿 20 元券。"}, "start": "r0", "nodes": nodes,
    }


def add_scenarios(out: Path, count: int, total_courses: int, seed: int = 2026) -> None:
    """`count` role-play scenarios and the rubric they score on, added to generated content."""
    rand = random.Random(seed + 1)
    (out / "assessments" / "rubrics").mkdir(parents=True, exist_ok=True)
    (out / "assessments" / "rubrics" / "complaint-handling.yml").write_text(json_yaml(RUBRIC), encoding="utf-8")
    folder = out / "assessments" / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        data = scenario(index, total_courses, rand)
        (folder / f"{data['id']}.yml").write_text(json_yaml(data), encoding="utf-8")


def handbook_course_files(out: Path) -> list[Path]:
    """The courses the handbook includes (tag SOP), for the PDF peers."""
    return sorted(p for p in (out / "curriculum" / "courses").rglob("*.md")
                  if re.search(r'^tags: .*"SOP"', p.read_text(encoding="utf-8"), re.M))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenarios", type=int, default=0, help="role-play scenarios to add")
    args = parser.parse_args()
    generate(args.courses, args.out, args.seed)
    if args.scenarios:
        add_scenarios(args.out, args.scenarios, args.courses, args.seed)
    print(f"{args.courses} courses and {args.scenarios} scenarios in {args.out}")


if __name__ == "__main__":
    main()
