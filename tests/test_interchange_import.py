"""import-bank: the sample workbook, Moodle XML and GIFT files against hand-checked expected banks and messages;
workbooks and XML that must be refused (located, nothing written); the Excel template."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.cli import main
from generator.errors import ProblemLog
from generator.interchange import excel, sources
from generator.interchange.excel import read_workbook
from generator.interchange.sources import ImportContext
from tests.conftest import sample_repo

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "examples" / "question-banks"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "interchange"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of the repository's own content: its model names the competencies the samples use."""
    return sample_repo(tmp_path_factory.mktemp("interchange") / "content").root


def run(repo: Path, capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["--root", str(repo), *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def expected_lines(name: str, **names: str) -> list[str]:
    return (EXPECTED / name).read_text(encoding="utf-8").format(**names).splitlines()


def test_sample_workbook_imports_as_the_expected_bank(repo, capsys):
    source = SAMPLES / "题库样例.xlsx"
    code, out, err = run(repo, capsys, "import-bank", str(source), "--id", "sample-import")
    assert code == 0, err
    assert out == expected_lines("题库样例.expected-messages.txt", source=str(source))
    written = (repo / "assessments/quizzes/sample-import.yml").read_text(encoding="utf-8")
    assert written == (EXPECTED / "题库样例.expected.yml").read_text(encoding="utf-8")
    # The bank the portal validates: the whole content still passes with it.
    assert run(repo, capsys, "validate")[0] == 0
    # Never replaced without --force: the same import again is refused and leaves the file as it was.
    code, out, err = run(repo, capsys, "import-bank", str(source), "--id", "sample-import", "--mode", "exam")
    assert code == 1 and "已经存在" in err[0] and "--force" in err[0]
    assert (repo / "assessments/quizzes/sample-import.yml").read_text(encoding="utf-8") == written
    code, out, err = run(repo, capsys, "import-bank", str(source), "--id", "sample-import", "--mode", "exam", "--force")
    assert code == 0 and "mode: exam" in (repo / "assessments/quizzes/sample-import.yml").read_text(encoding="utf-8")


def test_problem_workbook_reports_every_row_and_writes_nothing(repo, capsys):
    source = SAMPLES / "题库样例-有错误.xlsx"
    code, out, err = run(repo, capsys, "import-bank", str(source), "--id", "problem-import")
    assert code == 1
    assert out == expected_lines("题库样例-有错误.expected-messages.txt", source=str(source))
    assert err == ["发现 11 个问题；没有写入任何文件。"]
    assert not (repo / "assessments/quizzes/problem-import.yml").exists()


def test_messages_in_english(repo, capsys):
    code, out, err = run(repo, capsys, "--lang", "en", "import-bank", str(SAMPLES / "题库样例-有错误.xlsx"), "--id", "x")
    assert code == 1 and err == ["11 problems found; nothing was written."]
    assert out[1].endswith("sheet '题库', row 2, column A: unknown question type '简答'; expected one of 单选, 多选, 判断, "
                           "填空, 排序, 匹配 [I1629]")


@pytest.mark.parametrize("sample, bank", [("售后题库.moodle.xml", "after-sales-moodle"), ("售后题库.gift", "after-sales-gift")])
def test_moodle_and_gift_samples_import_as_expected(repo, capsys, sample, bank):
    code, out, err = run(repo, capsys, "import-bank", str(SAMPLES / sample), "--id", bank)
    assert code == 0, out
    assert out == expected_lines(sample.replace(".moodle.xml", ".moodle").replace(".gift", ".gift")
                                 + ".expected-messages.txt", dir=str(SAMPLES))
    assert (repo / f"assessments/quizzes/{bank}.yml").read_text(encoding="utf-8") == \
        (EXPECTED / f"{sample.replace('.xml', '')}.expected.yml").read_text(encoding="utf-8")


def test_the_script_makes_the_committed_workbooks(tmp_path):
    """The committed binaries are what the committed script writes (read back, question by question)."""
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_sample_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("题库样例.xlsx", "题库样例-有错误.xlsx"):
        results = []
        for folder in (SAMPLES, tmp_path):
            log = ProblemLog()
            questions = read_workbook(folder / name, ImportContext(name, log))
            results.append((questions, [p.message for p in log.problems], [p.message for p in log.warnings]))
        assert results[0] == results[1]


def test_an_import_that_fails_the_content_checks_writes_nothing(repo, capsys):
    """An exam bank under the id of a bank a course quizzes with: the model refuses it, the old bank stays."""
    target = repo / "assessments/quizzes/complaint-deescalation-check.yml"
    before = target.read_text(encoding="utf-8")
    code, out, err = run(repo, capsys, "import-bank", str(SAMPLES / "售后题库.gift"), "--id",
                         "complaint-deescalation-check", "--mode", "exam", "--force")
    assert code == 1 and any("[R406]" in line or "exam" in line or "考试" in line for line in out), out
    assert target.read_text(encoding="utf-8") == before


def test_bad_arguments(repo, capsys):
    assert run(repo, capsys, "import-bank", "x.xlsx", "--id", "Bad_Id")[2] == [
        "错误：“Bad_Id”不能作题库 id：只能用小写字母、数字和“-”，例如 after-sales-exam"]
    assert "不能导入" in run(repo, capsys, "import-bank", "bank.csv", "--id", "x")[2][0]
    assert run(repo, capsys, "import-bank", "bank.xlsx")[0] == 2
    assert run(repo, capsys, "import-bank")[0] == 2


# -- the template ---------------------------------------------------------------------------------------------

def test_template_has_headers_lists_and_explanations(repo, tmp_path, capsys):
    template = tmp_path / "模板.xlsx"
    code, out, _ = run(repo, capsys, "import-bank", "--template", str(template))
    assert code == 0 and out == [f"已写出 Excel 模板：{template}（工作表“题库”填题目，“填写说明”解释每一列）"]
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["题库", "填写说明"]
    headers = [cell.value for cell in workbook["题库"][1]]
    assert headers[:3] == ["题型", "题干", "选项A"] and "正确答案" in headers and "知识点" in headers
    lists = {str(validation.sqref)[0]: validation.formula1 for validation in
             workbook["题库"].data_validations.dataValidation if validation.type == "list"}
    assert lists["A"] == '"单选,多选,判断,填空,排序,匹配"'
    assert "AC" in lists[excel.column_letter(headers.index("正确答案") + 1)]
    explained = [row[0].value for row in workbook["填写说明"].iter_rows(min_row=2) if row[0].value]
    assert set(headers) <= set(explained)
    # Filled in, it imports; empty, it says there is nothing to import.
    code, out, err = run(repo, capsys, "import-bank", str(template), "--id", "from-template")
    assert code == 1 and "没有题目" in out[0] and "[I1624]" in out[0]
    sheet = workbook["题库"]
    sheet.append(["判断", "客户永远是对的。", *[None] * 8, "错"])
    workbook.save(template)
    assert run(repo, capsys, "import-bank", str(template), "--id", "from-template")[0] == 0
    # An existing file is never overwritten without --force.
    assert run(repo, capsys, "import-bank", "--template", str(template))[0] == 1


# -- hostile workbooks --------------------------------------------------------------------------------------

def _problems(path: Path) -> list[str]:
    log = ProblemLog()
    assert read_workbook(path, ImportContext(path.name, log)) == []
    return [f"{p.field}|{p.code}" for p in log.problems]


def _workbook(tmp_path: Path, rows: list[list], name: str = "t.xlsx") -> Path:
    workbook = Workbook()
    workbook.active.title = "题库"
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _rewrite(path: Path, member: str, content: bytes) -> None:
    """The workbook with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info))
        target.writestr(member, content)
    path.write_bytes(out.getvalue())


HEADER = ["题型", "题干", "选项A", "选项B", "正确答案"]


def test_encrypted_old_and_damaged_workbooks(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    (tmp_path / "locked.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64)
    (tmp_path / "old.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le"))
    (tmp_path / "text.xlsx").write_text("题型,题干\n单选,问题\n", encoding="utf-8")
    assert _problems(tmp_path / "locked.xlsx") == ["|I1621"]
    assert _problems(tmp_path / "old.xlsx") == ["|I1622"]
    assert _problems(tmp_path / "text.xlsx") == ["|I1620"]
    truncated = _workbook(tmp_path, [HEADER, ["单选", "问", "是", "否", "A"]])
    truncated.write_bytes(truncated.read_bytes()[:-200])
    assert _problems(truncated) == ["|I1620"]


def test_zip_bomb_is_measured_before_it_is_opened(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 1024 * 1024)
    path = _workbook(tmp_path, [HEADER, ["单选", "问", "是", "否", "A"]])
    _rewrite(path, "xl/media/padding.bin", b"0" * (2 * 1024 * 1024))
    assert _problems(path) == ["|I1623"]


@pytest.mark.parametrize("payload", [
    # entity expansion ("billion laughs") and an external entity reading a local file
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row>'
    b'</sheetData></worksheet>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://'
    b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    b'&e;</t></is></c></row></sheetData></worksheet>',
])
def test_entities_in_workbook_xml_are_refused(tmp_path, payload):
    path = _workbook(tmp_path, [HEADER, ["单选", "问", "是", "否", "A"]])
    _rewrite(path, "xl/worksheets/sheet1.xml", payload)
    assert _problems(path) == ["|I1620"]


def test_empty_sheets_missing_headers_and_too_many_rows(tmp_path, monkeypatch):
    assert _problems(_workbook(tmp_path, [], "empty.xlsx")) == ["工作表“题库”|I1624"]
    assert _problems(_workbook(tmp_path, [HEADER], "headers.xlsx")) == ["工作表“题库”|I1624"]
    assert _problems(_workbook(tmp_path, [["题型", "题干"], ["判断", "问"]], "missing.xlsx")) == [
        "工作表“题库”第 1 行|I1625"]
    assert _problems(_workbook(tmp_path, [[*HEADER, "题干"], ["判断", "问", None, None, "对", "问"]], "twice.xlsx")) == [
        "工作表“题库”第 1 行 F 列|I1626"]
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    rows = [HEADER] + [["判断", f"问题{n}", None, None, "对"] for n in range(5)]
    assert _problems(_workbook(tmp_path, rows, "long.xlsx")) == ["工作表“题库”|I1649"]


def test_cells_as_excel_holds_them(tmp_path):
    """Numbers as numbers, booleans, full-width letters and separators, whitespace, a 题型 written with 题."""
    path = _workbook(tmp_path, [
        ["题型 ", "题干", "选项A", "选项B", "选项C", "正确答案", "分值", "解析"],
        ["多选题", "  哪些是指标？\u3000", "FCR", 24, "天气", "Ａ，B", 2.0, None],
        ["判断", "对不对", None, None, None, True, "3", None],
        ["填空", "___ 小时", None, None, None, 24, None, "  \n"],
    ])
    log = ProblemLog()
    questions = read_workbook(path, ImportContext("t.xlsx", log))
    assert not log.problems and not log.warnings
    first, second, third = questions
    assert (first.prompt, first.points, [(c.text, c.correct) for c in first.choices]) == (
        "哪些是指标？", 2, [("FCR", True), ("24", True), ("天气", False)])
    assert (second.answer, second.points) == (True, 3)
    assert (third.answers, third.explanation) == (["24"], "")


def test_source_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 1000)
    big = tmp_path / "big.gift"
    big.write_text("问题{T}\n" * 500, encoding="utf-8")
    log = ProblemLog()
    from generator.interchange.gift import read_gift

    assert read_gift(big, ImportContext("big.gift", log)) == ("", [])
    assert [p.code for p in log.problems] == ["I1611"]


# -- hostile Moodle XML and GIFT ----------------------------------------------------------------------------

@pytest.mark.parametrize("content, code, line", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<quiz><question type="truefalse">'
     b'<questiontext><text>&e;</text></questiontext></question></quiz>', "I1656", 1),
    (b'<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<quiz>&b;</quiz>',
     "I1656", 1),
    (b'<?xml version="1.0"?>\n<quiz>\n<question type="multichoice">\n</quiz>', "I1655", 4),
    (b'<?xml version="1.0"?>\n<html><body/></html>', "I1657", 2),
    (b"\xff\xfe<\x00q\x00", "I1655", 1),
])
def test_hostile_or_broken_moodle_xml_is_refused(tmp_path, content, code, line):
    from generator.interchange.moodle_read import read_moodle_xml

    path = tmp_path / "bank.xml"
    path.write_bytes(content)
    log = ProblemLog()
    assert read_moodle_xml(path, ImportContext("bank.xml", log)) == ("", [])
    assert [(p.code, p.line) for p in log.problems] == [(code, line)]
    assert "root:" not in "".join(p.message for p in log.problems)


def test_gift_in_another_encoding_or_malformed(tmp_path):
    from generator.interchange.gift import read_gift

    path = tmp_path / "bank.gift"
    path.write_bytes("客户永远是对的。{F}".encode("gb18030"))
    log = ProblemLog()
    assert read_gift(path, ImportContext("bank.gift", log)) == ("", [])
    assert [p.code for p in log.problems] == ["F112"] and "GBK" in log.problems[0].message
    path.write_text("::a::问题一{=对 ~错\n\n::b::问题二{T}}{F}\n", encoding="utf-8")
    log = ProblemLog()
    read_gift(path, ImportContext("bank.gift", log))
    assert [(p.code, p.line) for p in log.problems] == [("I1669", 1), ("I1669", 3)]
