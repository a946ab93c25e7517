"""Writes the two sample workbooks beside this file (run from the repository root):

    .venv/bin/python examples/question-banks/make_sample_workbooks.py

- 题库样例.xlsx: 30 questions as training departments keep them in Excel (every question type, numbers as numbers,
  stray spaces, full-width answer letters, a 知识点 merged down two rows), plus three rows the importer leaves
  out with a warning: a duplicate, a picture that only links to a file, and a knowledge point the model lacks.
- 题库样例-有错误.xlsx: one row per problem that stops an import (unknown 题型, an answer letter without option, a
  formula without its result, …); importing it writes nothing.

tests/test_interchange_excel.py imports both and compares them with expected-*.yml / expected-*-messages.txt.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

HERE = Path(__file__).resolve().parent
HEADERS = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "正确答案", "解析", "分值", "知识点"]

# 题型, 题干, options, 正确答案, 解析, 分值, 知识点
GOOD = [
    ("单选", "客户来电第一句就说“你们这是骗人！”，最合适的第一句回应是？",
     ["非常理解您现在的心情，我马上帮您核实。", "我们公司从来不骗人。", "请您先冷静一下。", "这个问题不归我们管。"],
     "A", "先接住情绪，再处理问题；争辩和命令都会让情绪升级。", 1, "共情与情绪管理"),
    ("单选", "投诉工单首次回复的时限是？", ["2 小时", "12 小时", "24 小时", "72 小时"], "C", "投诉工单须在 24 小时内首次回复。",
     1, "投诉处理"),
    ("单选", "远程指导客户排查故障，按知识库做了三步仍未解决，接下来应该？",
     ["继续尝试更多排查步骤", "停止排查，进入换修退流程", "请客户自己研究说明书"], "B",
     "排查控制在三步以内，仍未解决就进入换修退流程。", 1, "complaint-resolution"),
    ("单选", "客户坚持要找主管，但还没说遇到什么问题。应该？",
     ["立即转给主管", "告诉客户主管不接电话", "先弄清原因，在权限内设法解决；客户仍坚持再升级"], "C",
     "“找领导”本身不是升级条件。", 2.0, "投诉处理"),
    ("单选", "“一次解决率”（FCR）衡量的是？", ["客户首次联系即得到解决的比例", "平均每通电话的时长", "客户满意度评分", "工单的升级比例"],
     "A", None, 1, "服务指标认知"),
    ("单选", "在线客服回复客户时，下列哪种说法最规范？", ["亲，这个不行哦", "您好，这个问题我来帮您查询，请稍等 1 分钟。", "等一下", "不知道"],
     "B", "说明要做的事和需要等待的时间。", 1, "沟通表达"),
    ("单选", "客户要求的补偿超出了个人审批权限，应该？", ["先答应客户再说", "拒绝客户", "向班组长升级申请"], "C",
     "超出权限的承诺要升级，不能私自答应。", 1, "制度与合规"),
    ("单选", "使用 AI 辅助工具时，哪项工作必须由客服本人判断？", ["检索知识库", "生成工单摘要初稿", "答应客户具体的补偿金额", "提示客户情绪升高"],
     "C", "AI 负责检索和起草，对客户的承诺由人负责。", 1, "系统与工具操作"),
    ("多选", "下列哪些情形需要立即向班组长升级？", ["补偿超出个人审批权限", "客户就同一问题第二次投诉", "客户第一次咨询退货流程", "客户扬言向媒体曝光"],
     "ABD", "常规咨询按知识库答复即可。", 2, "投诉处理"),
    ("多选", "提交升级单时必须写清哪些要素？", ["问题经过", "已采取的措施", "对客户性格的评价", "建议方案"], " A、B、D ",
     "主观评价不写进工单。", 2, None),
    ("多选", "使用 AI 工具润色回复时，哪些做法符合信息保护要求？",
     ["先把客户姓名、电话替换为占位说法", "只使用公司批准的工具", "把身份证号粘贴到外部工具核对格式"], "ＡＢ",
     "个人信息不进入未批准的外部工具。", 2, "制度与合规"),
    ("多选", "倾听客户时，哪些做法有助于挖掘真实需求？", ["复述客户的诉求", "在客户说话时打断并给出方案", "用开放式问题追问", "记录关键信息"],
     "ACD", None, 2, "倾听与需求挖掘"),
    ("多选", "大促期间物流延迟的来电，哪些话术合适？", ["先致歉并说明正在核实", "告诉客户是快递公司的问题", "给出明确的回复时间", "建议客户直接退款"],
     "AC", "推责和未经确认的建议都会增加投诉。", 2, "沟通表达"),
    ("多选", "新人带教中，师傅每天下班前应做哪些事？", ["与新人复盘当天的通话", "记录新人的进步和问题", "替新人接完所有难缠来电"], "AB",
     "带教要让新人自己练，替代不是带教。", 1, "带教与辅导"),
    ("判断", "所有商品都适用“七天无理由退货”。", [], "错", "定制、鲜活易腐等商品在页面提示后不适用。", 1, "产品与业务知识"),
    ("判断", "AI 生成的对话摘要可以不经核对直接写入工单。", [], "×", "数字、日期和承诺内容必须逐项核对。", 1, "系统与工具操作"),
    ("判断", "客户情绪激动时，应先回应感受，再处理问题。", [], "对", None, 1, "共情与情绪管理"),
    ("判断", "为了让客户满意，客服可以先口头承诺赔付金额。", [], "错误", "私自承诺赔付属于服务红线。", 1, "制度与合规"),
    ("判断", "同一客户 7 天内第二次投诉同一问题，应按升级流程处理。", [], "√", None, 1, "投诉处理"),
    ("判断", "跨部门协作时，客服应把客户的问题转出后就不再跟进。", [], "F", "问题到我为止：转出后仍要跟进到有结果。", 1, "跨部门协作"),
    ("填空", "投诉工单须在 ___ 小时内首次回复。", [], "24|二十四", None, 1, "投诉处理"),
    ("填空", "客户首次联系即得到解决的比例，简称 ___。", [], "FCR|一次解决率", "FCR 即 First Contact Resolution。", 1, "服务指标认知"),
    ("填空", "远程排查的步骤应控制在 ___ 步以内。", [], 3, None, 1, "complaint-resolution"),
    ("填空", "智能推荐话术五步用法的第二步是“___”：核对来源条目的版本和生效日期。", [], "核｜核对", None, 1, "系统与工具操作"),
    ("排序", "将投诉处理步骤按正确顺序排列", ["提出方案", "倾听并安抚", "执行并跟进", "确认诉求"], "BDAC",
     "先安抚情绪，确认诉求后再给方案。", 2, "投诉处理"),
    ("排序", "将智能推荐话术的五步用法按顺序排列", ["改：加入具体信息并调整语气", "看：读完客户原话再看推荐", "发：确认无误后发送",
                                            "核：核对来源条目", "馈：推荐有误时提交纠错"], "BDACE", None, 2, "系统与工具操作"),
    ("排序", "将新人上岗前的学习按顺序排列", ["企业文化与制度", "模拟考核", "产品与业务知识"], "ACB", None, 1, "带教与辅导"),
    ("匹配", "将指标与含义配对", ["FCR=一次解决率", "AHT=平均处理时长", "CSAT=客户满意度"], None, "指标名称要和含义对应记忆。", 3, "服务指标认知"),
    ("匹配", "将客户情绪等级与表现配对", ["一级不满=语气平淡，陈述问题", "二级愤怒=语速快、音量高、频繁打断", "三级激烈＝人身攻击或扬言曝光"],
     None, None, 3, "共情与情绪管理"),
    ("匹配", "将工具与用途配对", ["知识库=检索标准答复", "工单系统=记录和流转问题", "质检平台=抽查通话质量"], None, None, 2, "系统与工具操作"),
]

# Rows imported with a warning (or left out): a picture that only links to a file, a duplicate of the first
# question, and a knowledge point the model does not have.
LINKED_PICTURE_ROW = ("单选", "如图所示，工单系统中哪个按钮用于升级？", ["左上角的“升级”", "右下角的“关闭”"], "A", None, 1, "系统与工具操作")
EMBEDDED_PICTURE_ROW = ("判断", "图中客服的坐姿符合规范。", [], "对", None, 1, "服务意识")
WARNED = [
    GOOD[0],
    ("单选", "客户询问会员积分的有效期，应该查阅哪里？", ["知识库的会员政策条目", "凭记忆回答", "让客户自己上官网查"], "A", None, 1, "会员体系"),
]

# One row per problem that stops an import; the comment names the problem.
BAD = [
    ("简答", "请简述投诉处理的步骤。", [], "倾听、确认、方案、跟进", None, 1, None),  # a type the bank lacks
    ("单选", "投诉工单首次回复的时限是？", ["2 小时", "24 小时", "72 小时"], "E", None, 1, None),  # no option E
    ("单选", "第一句回应最合适的是？", ["先回应情绪", "先讲规定"], "AB", None, 1, None),  # two answers to a single
    ("判断", "客户永远是对的。", [], "看情况", None, 1, None),  # not 对/错
    ("排序", "排列投诉处理步骤", ["倾听", "确认", "方案"], "AC", None, 1, None),  # B missing
    ("匹配", "将指标与含义配对", ["FCR 一次解决率", "AHT=平均处理时长"], None, None, 1, None),  # no "="
    ("多选", "哪些属于服务红线？", ["私自承诺赔付", "泄露客户信息"], "AB", None, 2.5, None),  # points not whole
    ("填空", "=CONCAT(\"投诉工单须在 \",\"___ 小时内首次回复。\")", [], "24", None, 1, None),  # formula, no result
    ("多选", "下列哪些是一次解决率的影响因素？", ["知识库质量", None, "首问负责"], "AC", None, 1, None),  # gap: B empty
    ("单选", "", ["是", "否"], "A", None, 1, None),  # no 题干
]


def _rows(sheet, rows) -> None:
    sheet.append(HEADERS)
    for kind, prompt, options, answer, explanation, points, knowledge in rows:
        cells = [kind, prompt, *(list(options) + [None] * 5)[:5], answer, explanation, points, knowledge]
        sheet.append(cells)


def _picture() -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 220, 240)).save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer)


def good_workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    rows = [*GOOD[:12], LINKED_PICTURE_ROW, *GOOD[12:20], WARNED[0], *GOOD[20:27], EMBEDDED_PICTURE_ROW, *GOOD[27:],
            WARNED[1]]
    _rows(sheet, rows)
    # Stray spaces around a prompt, as pasted from a document.
    sheet["B3"] = "  " + sheet["B3"].value + "\u3000"
    # One 知识点 written once for two questions (a merge down the column).
    first = 2 + rows.index(GOOD[8])
    sheet.merge_cells(start_row=first, start_column=11, end_row=first + 1, end_column=11)
    linked_row = 2 + rows.index(LINKED_PICTURE_ROW)
    embedded_row = 2 + rows.index(EMBEDDED_PICTURE_ROW)
    sheet.add_image(_picture(), f"L{embedded_row}")
    sheet.add_image(_picture(), f"L{linked_row}")
    _fix_times(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_link_second_picture(buffer.getvalue()))


def _link_second_picture(data: bytes) -> bytes:
    """openpyxl only embeds pictures; make the second one a picture that links to a file on the author's disk, as
    Excel writes it for 插入图片 → 链接到文件."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/drawings/_rels/drawing1.xml.rels":
                content = content.replace(b'Target="/xl/media/image2.png" Id="rId2"',
                                          b'Target="file:///D:/%E9%A2%98%E5%BA%93%E5%9B%BE%E7%89%87/upgrade.png" '
                                          b'TargetMode="External" Id="rId2"')
            if info.filename == "xl/drawings/drawing1.xml":
                content = content.replace(b'r:embed="rId2"', b'r:link="rId2"')
            if info.filename == "xl/media/image2.png":
                continue
            target.writestr(_fixed(info), content)
    return out.getvalue()


def _fixed(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 0, 0, 0))
    fixed.compress_type = zipfile.ZIP_DEFLATED
    return fixed


def _fix_times(workbook: Workbook) -> None:
    import datetime as dt

    workbook.properties.creator = "客服培训组"
    workbook.properties.created = dt.datetime(2026, 12, 1)
    workbook.properties.modified = dt.datetime(2026, 12, 1)


def problem_workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    _rows(sheet, BAD)
    # A 解析 merged across two columns: which column does it belong to?
    last = sheet.max_row + 1
    sheet.append(["判断", "合并单元格跨了两列。", None, None, None, None, None, "对", "这段解析", None, None])
    sheet.merge_cells(start_row=last, start_column=9, end_row=last, end_column=10)
    _fix_times(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(_fixed(info), source.read(info))
    path.write_bytes(out.getvalue())


def main(folder: Path = HERE) -> int:
    good_workbook(folder / "题库样例.xlsx")
    problem_workbook(folder / "题库样例-有错误.xlsx")
    print(f"written: {folder / '题库样例.xlsx'}, {folder / '题库样例-有错误.xlsx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
