"""A bank as an IMS QTI 2.1 content package: a zip with imsmanifest.xml (IMS CP 1.1), one assessmentItem per
question under items/, and the pictures its text shows under images/. Text is the portal's own rendering of the
Markdown (sanitised), cut down to the XHTML subset QTI allows."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
from lxml import etree

from generator.interchange.export_notes import Notes
from generator.interchange.neutral import NeutralBank, NeutralQuestion
from generator.render.markup import render_inline, render_markdown

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
QTI_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_LOCATION = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ITEM_TYPE = "imsqti_item_xmlv2p1"
MAX_IMAGE_BYTES = 5 * 1024 * 1024

# The XHTML elements QTI 2.1 content may hold, with the attributes kept; any other element is unwrapped.
_ALLOWED: dict[str, set[str]] = {
    **{tag: set() for tag in ("abbr", "acronym", "address", "blockquote", "br", "cite", "code", "dfn", "div", "em",
                              "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "p", "pre", "q", "samp", "span", "strong",
                              "var", "dl", "dt", "dd", "ol", "ul", "li", "b", "big", "hr", "i", "small", "sub",
                              "sup", "tt", "caption", "table", "tbody", "tfoot", "thead", "tr")},
    "td": {"rowspan", "colspan"}, "th": {"rowspan", "colspan", "scope"},
    "img": {"src", "alt", "width", "height"}, "a": {"href"},
}
_INLINE_ONLY_PARENT = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "span", "em", "strong", "b", "i", "code", "a",
                       "q", "sub", "sup", "small", "big", "tt", "abbr", "acronym", "cite", "dfn", "kbd", "samp", "var",
                       "caption", "dt", "address"}
_BLOCK = {"div", "p", "ul", "ol", "dl", "table", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
          "address"}


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


class Pictures:
    """Pictures the exported text shows: files under docs_dir are copied into the package; any other address is
    left out with a note."""

    def __init__(self, docs: Path | None) -> None:
        self.docs = docs.resolve() if docs else None
        self.files: dict[str, bytes] = {}  # package path -> content

    def package_path(self, src: str) -> str | None:
        if self.docs is None or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE) or src.startswith("//"):
            return None
        candidate = (self.docs / src.split("#")[0].split("?")[0].lstrip("/")).resolve()
        if not candidate.is_relative_to(self.docs) or not candidate.is_file():
            return None
        if candidate.stat().st_size > MAX_IMAGE_BYTES:
            return None
        content = candidate.read_bytes()
        name = f"images/{hashlib.sha256(content).hexdigest()[:12]}{candidate.suffix.lower()}"
        self.files[name] = content
        return name


class ItemWriter:
    def __init__(self, bank: NeutralBank, question: NeutralQuestion, notes: Notes, pictures: Pictures) -> None:
        self.bank, self.question, self.notes, self.pictures = bank, question, notes, pictures
        self.images: list[str] = []

    # -- text -----------------------------------------------------------------------------------------------------
    def content(self, parent: etree._Element, markdown: str, block: bool = True) -> None:
        html = str(render_markdown(markdown) if block else render_inline(markdown))
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
        self._copy(fragment, parent, parent_tag=etree.QName(parent).localname)

    def _append_text(self, parent: etree._Element, value: str) -> None:
        if not value:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + value
        else:
            parent.text = (parent.text or "") + value

    def _copy(self, source: etree._Element, target: etree._Element, parent_tag: str) -> None:
        self._append_text(target, source.text or "")
        for child in source:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in _ALLOWED and not (parent_tag in _INLINE_ONLY_PARENT and tag in _BLOCK):
                element = etree.SubElement(target, q(tag))
                for name in _ALLOWED[tag]:
                    if child.get(name) is not None:
                        element.set(name, child.get(name))
                if tag == "img" and not self._picture(element, child):
                    target.remove(element)
                    self._append_text(target, child.get("alt", ""))
                else:
                    self._copy(child, element, tag)
            elif tag:
                self._copy(child, target, parent_tag)  # unwrapped: its text and children stay
            self._append_text(target, child.tail or "")

    def _picture(self, element: etree._Element, source: etree._Element) -> bool:
        src = source.get("src", "")
        packaged = self.pictures.package_path(src) if src else None
        if packaged is None:
            # No src left: the portal's sanitiser dropped an address outside the portal; name the picture instead.
            self.notes.add(self.bank, self.question, "I1693", src=src or source.get("alt", ""))
            return False
        element.set("src", f"../{packaged}")
        element.set("alt", source.get("alt", ""))
        self.images.append(packaged)
        return True

    # -- the item -------------------------------------------------------------------------------------------------
    def item(self) -> etree._Element:
        question = self.question
        root = etree.Element(q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
        root.set("identifier", identifier(question.id))
        root.set("title", question.id)
        root.set("adaptive", "false")
        root.set("timeDependent", "false")
        root.set(XML_LANG, "zh-CN")
        response, body, processing = self._by_type()
        root.append(response)
        for name, cardinality, base_type, default in (("SCORE", "single", "float", "0"),
                                                      ("MAXSCORE", "single", "float", str(question.points)),
                                                      ("FEEDBACK", "multiple", "identifier", None)):
            outcome = etree.SubElement(root, q("outcomeDeclaration"), identifier=name, cardinality=cardinality,
                                       baseType=base_type)
            if default is not None:
                etree.SubElement(etree.SubElement(outcome, q("defaultValue")), q("value")).text = default
        item_body = etree.SubElement(root, q("itemBody"))
        prompt = etree.SubElement(item_body, q("div"))
        self.content(prompt, question.prompt)
        body(item_body)
        root.append(processing)
        for choice_id, feedback in self._feedback():
            modal = etree.SubElement(root, q("modalFeedback"), outcomeIdentifier="FEEDBACK", identifier=choice_id,
                                     showHide="show")
            self.content(modal, feedback)
        return root

    def _feedback(self) -> list[tuple[str, str]]:
        found = [(letter(index), choice.feedback) for index, choice in enumerate(self.question.choices)
                 if choice.feedback]
        if self.question.explanation:
            found.append(("EXPLANATION", self.question.explanation))
        return found

    def _by_type(self) -> tuple[etree._Element, Callable[[etree._Element], None], etree._Element]:
        question = self.question
        points = question.points
        kind = question.type
        if kind in ("single", "multiple", "true-false"):
            if kind == "true-false":
                options = [("TRUE", "对", question.answer is True), ("FALSE", "错", question.answer is False)]
            else:
                options = [(letter(i), c.text, c.correct) for i, c in enumerate(question.choices)]
            cardinality = "single" if kind != "multiple" else "multiple"
            response = _response(cardinality, "identifier", [key for key, _, right in options if right])
            scored_by_map = kind == "multiple" and self.bank.partial_credit
            if scored_by_map:
                right = sum(1 for _, _, r in options if r)
                share = points / right
                _mapping(response, [(key, share if r else -share) for key, _, r in options], points)

            def body(item_body: etree._Element) -> None:
                interaction = etree.SubElement(item_body, q("choiceInteraction"), responseIdentifier="RESPONSE",
                                               shuffle="true" if self.bank.shuffle and kind != "true-false" else "false",
                                               maxChoices="1" if cardinality == "single" else "0")
                for key, label, _ in options:
                    choice = etree.SubElement(interaction, q("simpleChoice"), identifier=key)
                    self.content(choice, label, block=False)
            return response, body, _processing(points, by_map=scored_by_map, feedback_from_response=True)
        if kind == "fill":
            response = _response("single", "string", question.answers[:1])
            _mapping(response, [(answer, points) for answer in question.answers], points, case_sensitive=False)

            def fill_body(item_body: etree._Element) -> None:
                paragraph = etree.SubElement(item_body, q("p"))
                longest = max(len(answer) for answer in question.answers)
                etree.SubElement(paragraph, q("textEntryInteraction"), responseIdentifier="RESPONSE",
                                 expectedLength=str(max(4, longest)))
            return response, fill_body, _processing(points, by_map=True)
        if kind == "order":
            if self.bank.partial_credit:
                self.notes.add(self.bank, question, "I1692")
            keys = [letter(i) for i in range(len(question.items))]
            response = _response("ordered", "identifier", keys)

            def order_body(item_body: etree._Element) -> None:
                interaction = etree.SubElement(item_body, q("orderInteraction"), responseIdentifier="RESPONSE",
                                               shuffle="true")
                for key, item in zip(keys, question.items):
                    self.content(etree.SubElement(interaction, q("simpleChoice"), identifier=key), item, block=False)
            return response, order_body, _processing(points)
        # match: left items L1…, right items R1…; the right answer pairs Ln with Rn.
        pairs = [(f"L{n}", f"R{n}") for n in range(1, len(question.pairs) + 1)]
        response = _response("multiple", "directedPair", [f"{left} {right}" for left, right in pairs])
        if self.bank.partial_credit:
            _mapping(response, [(f"{left} {right}", points / len(pairs)) for left, right in pairs], points)

        def match_body(item_body: etree._Element) -> None:
            interaction = etree.SubElement(item_body, q("matchInteraction"), responseIdentifier="RESPONSE",
                                           shuffle="true", maxAssociations=str(len(pairs)))
            for side in (0, 1):
                match_set = etree.SubElement(interaction, q("simpleMatchSet"))
                for n, pair in enumerate(question.pairs):
                    choice = etree.SubElement(match_set, q("simpleAssociableChoice"), identifier=pairs[n][side],
                                              matchMax="1")
                    self.content(choice, pair[side], block=False)
        return response, match_body, _processing(points, by_map=self.bank.partial_credit)


def letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"C{index + 1}"


def identifier(question_id: str) -> str:
    """QTI identifiers are XML names: a bank id that starts with a digit gets a letter in front."""
    return question_id if question_id[:1].isalpha() else f"q-{question_id}"


def _response(cardinality: str, base_type: str, values: list[str]) -> etree._Element:
    response = etree.Element(q("responseDeclaration"), identifier="RESPONSE", cardinality=cardinality,
                             baseType=base_type)
    correct = etree.SubElement(response, q("correctResponse"))
    for value in values:
        etree.SubElement(correct, q("value")).text = value
    return response


def _mapping(response: etree._Element, entries: list[tuple[str, float]], points: int,
             case_sensitive: bool | None = None) -> None:
    mapping = etree.SubElement(response, q("mapping"), lowerBound="0", upperBound=_number(points), defaultValue="0")
    for key, value in entries:
        entry = etree.SubElement(mapping, q("mapEntry"), mapKey=key, mappedValue=_number(value))
        if case_sensitive is not None:
            entry.set("caseSensitive", "true" if case_sensitive else "false")


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _processing(points: int, by_map: bool = False, feedback_from_response: bool = False) -> etree._Element:
    processing = etree.Element(q("responseProcessing"))
    if by_map:
        set_score = etree.SubElement(processing, q("setOutcomeValue"), identifier="SCORE")
        etree.SubElement(set_score, q("mapResponse"), identifier="RESPONSE")
    else:
        condition = etree.SubElement(processing, q("responseCondition"))
        branch = etree.SubElement(condition, q("responseIf"))
        match = etree.SubElement(branch, q("match"))
        etree.SubElement(match, q("variable"), identifier="RESPONSE")
        etree.SubElement(match, q("correct"), identifier="RESPONSE")
        set_score = etree.SubElement(branch, q("setOutcomeValue"), identifier="SCORE")
        etree.SubElement(set_score, q("baseValue"), baseType="float").text = _number(points)
    # The chosen answers' feedback and the explanation are shown after answering.
    feedback = etree.SubElement(processing, q("setOutcomeValue"), identifier="FEEDBACK")
    shown = etree.SubElement(feedback, q("multiple"))
    if feedback_from_response:
        etree.SubElement(shown, q("variable"), identifier="RESPONSE")
    etree.SubElement(shown, q("baseValue"), baseType="identifier").text = "EXPLANATION"
    return processing


def _manifest(bank: NeutralBank, resources: list[tuple[str, str, list[str]]]) -> etree._Element:
    manifest = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI},
                             identifier=f"MANIFEST-{identifier(bank.id)}")
    manifest.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    metadata = etree.SubElement(manifest, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(manifest, f"{{{CP}}}organizations")
    listed = etree.SubElement(manifest, f"{{{CP}}}resources")
    for resource_id, href, images in resources:
        resource = etree.SubElement(listed, f"{{{CP}}}resource", identifier=resource_id, type=ITEM_TYPE, href=href)
        for file in [href, *images]:
            etree.SubElement(resource, f"{{{CP}}}file", href=file)
    return manifest


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_qti_package(bank: NeutralBank, notes: Notes, docs: Path | None) -> bytes:
    pictures = Pictures(docs)
    members: dict[str, bytes] = {}
    resources: list[tuple[str, str, list[str]]] = []
    for question in bank.questions:
        writer = ItemWriter(bank, question, notes, pictures)
        href = f"items/{identifier(question.id)}.xml"
        members[href] = _xml(writer.item())
        resources.append((f"item-{identifier(question.id)}", href, sorted(set(writer.images))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", _xml(_manifest(bank, resources)))
        for name, content in {**members, **pictures.files}.items():
            package.writestr(name, content)
    return buffer.getvalue()
