"""Call cases (案例库): reading one case file into a Case, and its rules — a transcript in either of its two
forms, the expert's scores against the rubric, an audio file beside it, and no personal data anywhere in it.

The transcript is the contract's list of mappings (`{at: "00:03", who: agent, say: …}`) or, an extension, a
block of lines as a call-recording export or a trainer's notes have them (`00:03 坐席：…`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from pathlib import Path

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of, text
from generator.model.entities import CASE_KINDS, Case, ExpertScore, Rubric, TranscriptLine
from generator.model.fields import FieldReader
from generator.model.personal_data import personal_data_in
from generator.model.source import LineDict, LineList, MarkdownSource

DEFAULT_TOLERANCE = 10
# Audio a browser plays in <audio>, by suffix, with how the file begins.
AUDIO_TYPES = {".ogg": "OGG", ".oga": "OGG", ".opus": "OGG", ".mp3": "MP3", ".m4a": "MP4", ".wav": "WAV"}
AUDIO_MIME = {"OGG": "audio/ogg", "MP3": "audio/mpeg", "MP4": "audio/mp4", "WAV": "audio/wav"}
MAX_AUDIO_BYTES = 20 * 1024 * 1024

# The paste form: an optional [ ], the time, the speaker, a colon (full-width or not), what was said.
# (What was said is taken greedily and stripped afterwards: a lazy match before trailing spaces is quadratic.)
_PASTED = re.compile(r"\[?(?P<at>\d{1,2}:\d{2}(?::\d{2})?)\]?\s*(?P<who>坐席|客服|客户|agent|customer)\s*[：:](?P<say>.*)",
                     re.IGNORECASE)
_SPEAKER_WORDS = {"坐席": "agent", "客服": "agent", "agent": "agent", "客户": "customer", "customer": "customer"}
_TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")


def seconds(at: str) -> int:
    """An offset written as mm:ss or h:mm:ss, in seconds (-1 when it is not one)."""
    match = _TIME.match(at)
    if not match or int(match.group(3)) > 59 or (match.group(1) and int(match.group(2)) > 59):
        return -1
    return int(match.group(1) or 0) * 3600 + int(match.group(2)) * 60 + int(match.group(3))


def _clock(total: int) -> str:
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


# --- reading --------------------------------------------------------------------------------------------


def read_case(file: str, src_path: str, data: LineDict, source: MarkdownSource, log: ProblemLog,
              folder: Path) -> Case:
    """One case; `folder` is where its file is (its audio file lies beside it)."""
    reader = FieldReader(data, file, log)
    kind = reader.text("kind")
    if kind and kind not in CASE_KINDS:
        reader.problem("kind", "L1501", value=kind, known=one_of(CASE_KINDS))
    case = Case(
        file=file,
        line=reader.line("id"),
        src_path=src_path,
        id=reader.id(),
        title=reader.text("title"),
        kind=kind,
        channel=reader.text("channel", required=False),
        tier=reader.required_ref("tier"),
        competencies=reader.refs("competencies"),
        courses=reader.refs("courses"),
        rubric=reader.required_ref("rubric"),
        tolerance=reader.percent("tolerance", DEFAULT_TOLERANCE),
        audio=_audio(reader, folder),
        owner=reader.text("owner"),
        reviewed=reader.date("reviewed") or dt.date.min,
        version=reader.integer("version", default=1, minimum=1),
        transcript=_transcript(reader),
        expert={},
        body=source.body,
        summary=reader.text("summary", required=False),
        body_line=source.body_line,
        expert_line=reader.line("expert"),
        transcript_line=reader.line("transcript"),
    )
    for criterion, line, score_reader in reader.named_mappings("expert", required=True):
        case.expert[criterion] = _expert_score(criterion, line, score_reader)
    reader.finish()
    _refuse_personal_data(case, log)
    return case


def _audio(reader: FieldReader, folder: Path) -> str:
    name = reader.text("audio", required=False)
    if not name:
        return ""
    suffix = Path(name).suffix.lower()
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        reader.problem("audio", "L1514", value=name)
        return ""
    if suffix not in AUDIO_TYPES:
        reader.problem("audio", "L1515", suffix=suffix or name, known=one_of(AUDIO_TYPES))
        return ""
    path = folder / name
    try:
        info = os.lstat(path)
    except OSError:
        reader.problem("audio", "L1516", audio=name)
        return ""
    if not stat.S_ISREG(info.st_mode):
        reader.problem("audio", "L1517", audio=name)
        return ""
    if info.st_size > MAX_AUDIO_BYTES:
        reader.problem("audio", "L1518", audio=name, size=math.ceil(info.st_size / 1024 / 1024),
                       limit=MAX_AUDIO_BYTES // 1024 // 1024)
        return ""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as error:
        reader.problem("audio", "F106", reason=error.strerror)
        return ""
    if audio_format(head) != AUDIO_TYPES[suffix]:
        reader.problem("audio", "L1519", audio=name, suffix=suffix)
        return ""
    return name


def audio_format(head: bytes) -> str:
    """What the first bytes of a file say it is: OGG, MP3, MP4, WAV or ''."""
    if head.startswith(b"OggS"):
        return "OGG"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3"
    if head[4:8] == b"ftyp":
        return "MP4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "WAV"
    return ""


def _transcript(reader: FieldReader) -> list[TranscriptLine]:
    reader.known.append("transcript")
    value = reader.data.get("transcript")
    if value is None:
        reader.missing.append("transcript")
        return []
    if isinstance(value, LineList):
        lines = [line for line in (_listed_line(index, item, line, reader)
                                   for index, (item, line) in enumerate(zip(value, value.item_lines))) if line]
    elif isinstance(value, str):
        lines = _pasted_lines(value, reader)
    else:
        reader.problem("transcript", "L1502", found=describe(value))
        return []
    if not lines and not any(p.file == reader.file and p.field.startswith("transcript") for p in reader.log.problems):
        reader.problem("transcript", "L1503")
    for number, line in enumerate(lines, start=1):
        line.number = number
    _check_order(lines, reader)
    return lines


def _listed_line(index: int, item: object, line: int, reader: FieldReader) -> TranscriptLine | None:
    field = f"transcript[{index}]"
    if not isinstance(item, LineDict):
        reader.problem(field, "V315", line, found=describe(item))
        return None
    item_reader = FieldReader(item, reader.file, reader.log, f"{field}.")
    at = _time(item_reader)
    who = item_reader.text("who")
    if who and who not in ("agent", "customer"):
        item_reader.problem("who", "L1506", value=who)
    say = item_reader.text("say")
    item_reader.finish()
    return TranscriptLine(0, item_reader.line(), at, who, say)


def _time(reader: FieldReader) -> str:
    reader.known.append("at")
    value = reader.data.get("at")
    if value is None:
        reader.missing.append("at")
        return ""
    # Unquoted, YAML reads 1:30 as the number 90 (base 60): it is the same offset.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100 * 3600:
        return _clock(value)
    if isinstance(value, str) and seconds(value.strip()) >= 0:
        return value.strip()
    reader.problem("at", "L1505", found=describe(value))
    return ""


def _pasted_lines(value: str, reader: FieldReader) -> list[TranscriptLine]:
    """Lines of `00:03 坐席：…`; a block starts on the line after the key (a one-line value on the key's line)."""
    first = reader.line("transcript") + (1 if "\n" in value.strip("\n") or value.endswith("\n") else 0)
    lines = []
    for offset, raw in enumerate(value.split("\n")):
        if not raw.strip():
            continue
        line = first + offset if first > reader.line("transcript") else first
        match = _PASTED.fullmatch(raw.strip())
        if not match or not match.group("say").strip():
            reader.problem("transcript", "L1504", line, found=raw.strip()[:60])
            continue
        at = match.group("at")
        if seconds(at) < 0:
            reader.problem("transcript", "L1505", line, found=describe(at))
            continue
        lines.append(TranscriptLine(0, line, at, _SPEAKER_WORDS[match.group("who").lower()], match.group("say").strip()))
    return lines


def _check_order(lines: list[TranscriptLine], reader: FieldReader) -> None:
    previous: TranscriptLine | None = None
    for line in lines:
        if not line.at:
            continue
        if previous is not None and seconds(line.at) < seconds(previous.at):
            reader.problem(f"transcript[{line.number - 1}].at", "L1507", line.line, at=line.at, previous=previous.at)
        previous = line


def _expert_score(criterion: str, line: int, reader: FieldReader) -> ExpertScore:
    reader.known.append("points")
    points = reader.data.get("points")
    value: float | None = None
    if points is None:
        reader.missing.append("points")
    elif isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points):
        reader.problem("points", "L1513", found=describe(points))
    else:
        value = float(points)
    numbers = []
    items = reader.raw_list("lines")
    for index, (item, item_line) in enumerate(zip(items or [], items.item_lines if items else [])):
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            reader.problem(f"lines[{index}]", "L1520", item_line, found=describe(item))
            continue
        numbers.append(item)
    score = ExpertScore(criterion, line, value, numbers, reader.text("note"), lines_line=reader.line("lines"),
                        points_line=reader.line("points"))
    reader.finish()
    return score


def _refuse_personal_data(case: Case, log: ProblemLog) -> None:
    """Anonymised before it enters the repository: the transcript, the expert's notes, the title and the text."""
    places: list[tuple[int, str, str]] = [(case.line, "title", case.title), (case.line, "summary", case.summary)]
    places += [(line.line, f"transcript[{line.number - 1}].say", line.say) for line in case.transcript]
    places += [(score.line, f"expert.{score.criterion}.note", score.note) for score in case.expert.values()]
    places += [(case.body_line + number, "", row) for number, row in enumerate(case.body.split("\n"))]
    for line, field, value in places:
        for finding in personal_data_in(value):
            log.add(case.file, line, field, "L1508", kind=text(f"L1508.{finding.kind}"), masked=finding.shown)


# --- checks against the rubric --------------------------------------------------------------------------


def check_case(case: Case, rubric: Rubric | None, log: ProblemLog) -> None:
    """The expert's scores: exactly the rubric's criteria, points within each criterion's, lines that exist."""
    count = len(case.transcript)
    for score in case.expert.values():
        for index, number in enumerate(score.lines):
            if count and number > count:
                log.add(case.file, score.lines_line or score.line, f"expert.{score.criterion}.lines[{index}]", "L1512",
                        value=number, count=count)
    if rubric is None:
        return
    criteria = {criterion.id: criterion for criterion in rubric.criteria}
    for score in case.expert.values():
        criterion = criteria.get(score.criterion)
        if criterion is None:
            expected = text("R401.expected", known=one_of(criteria))
            log.add(case.file, score.line, f"expert.{score.criterion}", "L1509", value=score.criterion, rubric=rubric.id,
                    suggestion=did_you_mean(score.criterion, criteria), expected=expected)
        elif score.points is not None and not 0 <= score.points <= criterion.points:
            log.add(case.file, score.points_line, f"expert.{score.criterion}.points", "L1511", points=criterion.points,
                    criterion=criterion.name, found=describe(_number(score.points)))
    missing = [criterion.id for criterion in rubric.criteria if criterion.id not in case.expert]
    if missing and case.expert_line:
        log.add(case.file, case.expert_line, "expert", "L1510", rubric=rubric.id, missing="、".join(missing))


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value
