"""Untrusted XML in: lxml with no DTD, no entity expansion, no network and libxml2's default size limits; a
document that declares a DOCTYPE is refused outright (Moodle's own files have none)."""

from __future__ import annotations

from lxml import etree

from generator.interchange.sources import ImportContext


def parse_untrusted(data: bytes, context: ImportContext) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 0
        context.error(line, "", "I1655", problem=error.msg)
        return None
    except ValueError as error:  # e.g. an encoding declaration libxml2 does not know
        context.error(0, "", "I1655", problem=str(error))
        return None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        context.error(1, "", "I1656")
        return None
    return tree.getroot()
