"""export-bank: Moodle XML element by element per question type, QTI 2.1 packages against 1EdTech's XSDs, GIFT,
the round trip export → import for every sample bank, and where exports may go."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.cli import main
from generator.errors import ProblemLog
from generator.interchange.export_notes import Notes
from generator.interchange.gift import read_gift, write_gift
from generator.interchange.moodle_read import read_moodle_xml
from generator.interchange.moodle_write import write_moodle_xml
from generator.interchange.neutral import NeutralBank, NeutralChoice, NeutralQuestion, from_model
from generator.interchange.qti import write_qti_package
from generator.interchange.sources import ImportContext
from generator.model.load import load_curriculum
from tests.conftest import sample_repo

REPO = Path(__file__).resolve().parents[1]
XSD = Path(__file__).resolve().parent / "vendor" / "qti21"


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(REPO)


@pytest.fixture(scope="module")
def schemas():
    return (etree.XMLSchema(etree.parse(str(XSD / "qtiv2p1" / "imsqti_v2p1.xsd"))),
            etree.XMLSchema(etree.parse(str(XSD / "imscp_v1p1.xsd"))))


def _comparable(questions: list[NeutralQuestion]) -> list[NeutralQuestion]:
    for question in questions:
        question.where = ""
    return questions


# -- round trips ------------------------------------------------------------------------------------------------

def test_moodle_xml_round_trip_gives_back_every_sample_bank(curriculum, tmp_path):
    """ids, types, choices, answers, feedback, explanations, points and competencies come back as they were."""
    assert len(curriculum.quizzes) > 20
    for bank in curriculum.quizzes:
        original = from_model(bank)
        path = tmp_path / f"{bank.id}.xml"
        path.write_bytes(write_moodle_xml(original, Notes()))
        log = ProblemLog()
        title, questions = read_moodle_xml(path, ImportContext.for_model(path.name, log, curriculum.model))
        assert (title, _comparable(questions)) == (bank.title, _comparable(from_model(bank).questions)), bank.id
        assert not log.problems and not log.warnings


def test_gift_round_trip_keeps_what_gift_carries(curriculum, tmp_path):
    """GIFT has no ordering questions and no marks: every other question comes back whole; the notes say so."""
    for bank in curriculum.quizzes:
        original = from_model(bank)
        notes = Notes()
        path = tmp_path / f"{bank.id}.gift"
        path.write_bytes(write_gift(original, notes))
        log = ProblemLog()
        title, questions = read_gift(path, ImportContext.for_model(path.name, log, curriculum.model))
        expected = [q for q in _comparable(from_model(bank).questions) if q.type != "order"]
        for question, before in zip(questions, expected):
            question.points = before.points
        assert (title, _comparable(questions)) == (bank.title, expected), bank.id
        assert [code for _, _, code in notes.codes] == [
            "I1690" if q.type == "order" else "I1691" for q in original.questions if q.type == "order" or q.points != 1]


def test_gift_escapes_its_special_characters(tmp_path):
    question = NeutralQuestion("tricky", "single", "a {b} = c ~ d # e : f \\ g\n第二行", choices=[
        NeutralChoice("=等号", True, "#井号"), NeutralChoice("~波浪 {括号}", False)], explanation="解析：冒号")
    bank = NeutralBank("b", "标题/斜杠", questions=[question])
    path = tmp_path / "b.gift"
    path.write_bytes(write_gift(bank, Notes()))
    log = ProblemLog()
    title, questions = read_gift(path, ImportContext("b.gift", log))
    assert (title, _comparable(questions)) == ("标题/斜杠", [question])


# -- Moodle XML element by element --------------------------------------------------------------------------

# What Moodle's XML format documentation (and qformat_xml, which reads it) expects of each question type.
COMMON = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber"]
MOODLE_ELEMENTS = {
    "single": ("multichoice", ["single", "shuffleanswers", "answernumbering", "answer"]),
    "multiple": ("multichoice", ["single", "shuffleanswers", "answernumbering", "answer"]),
    "true-false": ("truefalse", ["answer"]),
    "fill": ("shortanswer", ["usecase", "answer"]),
    "order": ("ordering", ["layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "numberingstyle",
                           "answer"]),
    "match": ("matching", ["shuffleanswers", "subquestion"]),
}


def _sample_bank(partial_credit: bool) -> NeutralBank:
    return NeutralBank("every-type", "六种题型", partial_credit=partial_credit, questions=[
        NeutralQuestion("one", "single", "问？", 2, "empathy", "解析",
                        [NeutralChoice("对的", True, "好"), NeutralChoice("错的", False, "不好")]),
        NeutralQuestion("many", "multiple", "哪些？", choices=[NeutralChoice("甲", True), NeutralChoice("乙", True),
                                                             NeutralChoice("丙", False, "不对")]),
        NeutralQuestion("judge", "true-false", "对吗？", answer=False),
        NeutralQuestion("blank", "fill", "___ 小时", answers=["24", "二十四"]),
        NeutralQuestion("steps", "order", "排序", items=["一", "二", "三"]),
        NeutralQuestion("pairs", "match", "配对", pairs=[("FCR", "一次解决率"), ("AHT", "平均处理时长")]),
    ])


def test_moodle_xml_has_the_documented_elements_of_each_type():
    notes = Notes()
    quiz = etree.fromstring(write_moodle_xml(_sample_bank(partial_credit=False), notes))
    assert quiz.tag == "quiz"
    category, *questions = quiz.findall("question")
    assert category.get("type") == "category" and category.findtext("category/text") == "$course$/top/六种题型"
    for question, kind in zip(questions, MOODLE_ELEMENTS):
        moodle_type, own = MOODLE_ELEMENTS[kind]
        assert question.get("type") == moodle_type
        children = [child.tag for child in question if child.tag != "tags"]
        assert children[:len(COMMON)] == COMMON, kind
        assert sorted(set(children[len(COMMON):])) == sorted(set(own)), kind
        assert question.find("questiontext").get("format") == "markdown"
    one, many, judge, blank, steps, pairs = questions
    assert [(a.get("fraction"), a.findtext("text"), a.findtext("feedback/text")) for a in one.findall("answer")] == [
        ("100", "对的", "好"), ("0", "错的", "不好")]
    assert one.findtext("defaultgrade") == "2" and one.findtext("single") == "true"
    assert one.findtext("tags/tag/text") == "empathy"
    # Two right choices: 50 % each; the wrong one costs as much as a right one is worth (Moodle grades only).
    assert [a.get("fraction") for a in many.findall("answer")] == ["50", "50", "-50"]
    assert many.findtext("single") == "false"
    assert [(a.get("fraction"), a.findtext("text")) for a in judge.findall("answer")] == [("0", "true"), ("100", "false")]
    assert [(a.get("fraction"), a.findtext("text")) for a in blank.findall("answer")] == [("100", "24"), ("100", "二十四")]
    assert blank.findtext("usecase") == "0"
    assert [(a.get("fraction"), a.findtext("text")) for a in steps.findall("answer")] == [("1", "一"), ("2", "二"), ("3", "三")]
    assert steps.findtext("gradingtype") == "ALL_OR_NOTHING"
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in pairs.findall("subquestion")] == [
        ("FCR", "一次解决率"), ("AHT", "平均处理时长")]
    # What Moodle cannot express is named, per question.
    assert [(question, code) for _, question, code in notes.codes] == [
        ("many", "I1687"), ("steps", "I1689"), ("pairs", "I1688")]
    partial = etree.fromstring(write_moodle_xml(_sample_bank(partial_credit=True), Notes()))
    assert partial.find("question[@type='ordering']").findtext("gradingtype") == "ABSOLUTE_POSITION"


# -- QTI 2.1 ----------------------------------------------------------------------------------------------------

def _package(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_qti_packages_of_every_sample_bank_validate_against_the_xsds(curriculum, schemas):
    item_schema, manifest_schema = schemas
    for bank in curriculum.quizzes:
        for partial_credit in (False, True):
            neutral = from_model(bank)
            neutral.partial_credit = partial_credit
            package = _package(write_qti_package(neutral, Notes(), REPO / "curriculum"))
            manifest = etree.fromstring(package.read("imsmanifest.xml"))
            assert manifest_schema.validate(manifest), manifest_schema.error_log
            items = [name for name in package.namelist() if name.startswith("items/")]
            assert len(items) == len(bank.questions)
            hrefs = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
            assert sorted(hrefs) == sorted(items)
            for name in items:
                item = etree.fromstring(package.read(name))
                assert item_schema.validate(item), (bank.id, name, item_schema.error_log)


def test_qti_validation_is_not_a_formality(schemas):
    item_schema, _ = schemas
    package = _package(write_qti_package(_sample_bank(False), Notes(), None))
    item = etree.fromstring(package.read("items/one.xml"))
    assert item_schema.validate(item)
    etree.SubElement(item.find("{http://www.imsglobal.org/xsd/imsqti_v2p1}itemBody"), "script").text = "alert(1)"
    assert not item_schema.validate(item)


def test_qti_items_score_and_show_feedback(schemas):
    ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    package = _package(write_qti_package(_sample_bank(True), Notes(), None))
    many = etree.fromstring(package.read("items/many.xml"))
    assert [(e.get("mapKey"), e.get("mappedValue")) for e in many.iterfind(".//q:mapEntry", ns)] == [
        ("A", "0.5"), ("B", "0.5"), ("C", "-0.5")]
    assert many.find(".//q:choiceInteraction", ns).get("maxChoices") == "0"
    one = etree.fromstring(package.read("items/one.xml"))
    assert one.find(".//q:correctResponse/q:value", ns).text == "A"
    assert [m.get("identifier") for m in one.iterfind("q:modalFeedback", ns)] == ["A", "B", "EXPLANATION"]
    assert one.find(".//q:responseIf//q:baseValue", ns).text == "2"
    blank = etree.fromstring(package.read("items/blank.xml"))
    assert [(e.get("mapKey"), e.get("caseSensitive")) for e in blank.iterfind(".//q:mapEntry", ns)] == [
        ("24", "false"), ("二十四", "false")]
    pairs = etree.fromstring(package.read("items/pairs.xml"))
    assert [v.text for v in pairs.iterfind(".//q:correctResponse/q:value", ns)] == ["L1 R1", "L2 R2"]


def test_qti_package_carries_the_pictures_it_shows(tmp_path, schemas):
    docs = tmp_path / "curriculum"
    (docs / "images").mkdir(parents=True)
    (docs / "images" / "按钮.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (tmp_path / "secret.png").write_bytes(b"secret")
    bank = NeutralBank("pics", "图片", questions=[NeutralQuestion(
        "see", "true-false", "看图：![升级按钮](images/按钮.png) 和 ![外部](https://example.com/x.png) "
        "和 ![越界](../secret.png)", answer=True)])
    notes = Notes()
    package = _package(write_qti_package(bank, notes, docs))
    pictures = [name for name in package.namelist() if name.startswith("images/")]
    assert len(pictures) == 1 and package.read(pictures[0]) == b"\x89PNG\r\n\x1a\nfake"
    item = etree.fromstring(package.read("items/see.xml"))
    assert schemas[0].validate(item), schemas[0].error_log
    sources = [img.get("src") for img in item.iter("{http://www.imsglobal.org/xsd/imsqti_v2p1}img")]
    assert sources == [f"../{pictures[0]}"]
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    assert pictures[0] in [f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")]
    # The outside address (dropped by the portal's sanitiser) and the file outside curriculum/ are named.
    assert notes.lines == ["pics see：图片“外部”不在 curriculum/ 中，没有放进导出的文件",
                           "pics see：图片“../secret.png”不在 curriculum/ 中，没有放进导出的文件"]
    assert b"secret" not in b"".join(package.read(name) for name in package.namelist())


# -- the command ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return sample_repo(tmp_path_factory.mktemp("export") / "content").root


def test_exam_banks_never_go_where_they_could_be_published(repo, tmp_path, capsys):
    for out in (repo / "site" / "exports", repo / "curriculum" / "x", repo / "exports", REPO / "site_overrides" / "x"):
        assert main(["--root", str(repo), "export-bank", "--format", "moodle-xml", "--out", str(out)]) == 1
        assert not out.exists()
        assert "错误：" in capsys.readouterr().err
    out = tmp_path / "lms"
    assert main(["--root", str(repo), "export-bank", "--format", "qti21", "--bank", "new-hire-exam", "--out",
                 str(out)]) == 0
    captured = capsys.readouterr()
    assert [p.name for p in out.iterdir()] == ["new-hire-exam.qti21.zip"]
    assert "注意：new-hire-exam.qti21.zip 含有考试题库的题目和答案" in captured.err
    assert captured.out.splitlines()[0] == "new-hire-exam.qti21.zip（14 道题）"
    assert main(["--root", str(repo), "export-bank", "--format", "gift", "--out", str(repo / "trainer-pack" / "lms")]) == 0
    assert len(list((repo / "trainer-pack" / "lms").glob("*.gift"))) == len(list((repo / "assessments/quizzes").glob("*.yml")))
    capsys.readouterr()
    assert main(["--root", str(repo), "--lang", "en", "export-bank", "--format", "gift", "--bank", "nope", "--out",
                 str(out)]) == 1
    assert capsys.readouterr().err.startswith("error: no quiz bank 'nope'")


def test_export_then_import_through_the_command_line(repo, tmp_path):
    """One run of the real commands in a subprocess: export a bank to Moodle XML, import it under a new id."""
    import subprocess
    import sys

    out = tmp_path / "moodle"
    command = [sys.executable, "-m", "generator", "--root", str(repo)]
    exported = subprocess.run([*command, "export-bank", "--format", "moodle-xml", "--bank", "complaint-deescalation-check",
                               "--out", str(out)], capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    imported = subprocess.run([*command, "import-bank", str(out / "complaint-deescalation-check.moodle.xml"), "--id",
                               "round-trip"], capture_output=True, text=True)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    curriculum = load_curriculum(repo)
    before, after = (curriculum.quiz_by_id[name] for name in ("complaint-deescalation-check", "round-trip"))
    assert _comparable(from_model(after).questions) == _comparable(from_model(before).questions)
