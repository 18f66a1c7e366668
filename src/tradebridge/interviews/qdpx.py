"""REFI-QDA exchange (QualCoder, NVivo, ATLAS.ti, MAXQDA): project ``.qdpx`` and codebook ``.qdc``.

A ``.qdpx`` is a zip with ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and the
transcripts as ``sources/<guid>.txt``. Each coding becomes a ``PlainTextSelection`` (character
offsets) with one ``Coding``/``CodeRef`` made by the coder's ``User``. Transcript metadata travel as
REFI ``Variables`` and one ``Case`` per transcript. Codes are named by theme id; their
``Description`` carries the names and definitions in en/es/ko (``en.name: …`` lines), so a
tradebridge → REFI → tradebridge round trip is lossless. GUIDs are derived (UUID5) from content, so
exporting the same project twice gives identical XML.

>>> from tradebridge.interviews.codebook import load_codebook, default_codebook_path
>>> cb = load_codebook(default_codebook_path())
>>> codebook_from_qdc(codebook_to_qdc(cb)).theme_ids == cb.theme_ids
True
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd

from tradebridge.errors import DataError
from tradebridge.interviews.codebook import LANGS, Codebook, Theme
from tradebridge.interviews.coding import CODING_COLUMNS
from tradebridge.interviews.project import InterviewProject
from tradebridge.interviews.safety import (
    DEFAULT_LIMITS,
    ArchiveLimits,
    decode_utf8,
    open_archive,
    parse_xml,
    read_member,
    safe_id,
    safe_label,
)
from tradebridge.interviews.transcripts import Transcript, _check_meta

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
_BASE = uuid.UUID("6f1d3c1e-9a56-4b8e-8f0e-2d7c5b1a9e40")
META_VARIABLES = ("country", "actor_type", "sector", "date", "lang", "demo")


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(_BASE, "\x1f".join(map(str, parts))))


def _describe(t: Theme) -> str:
    lines = []
    for lg in LANGS:
        if t.name.get(lg):
            lines.append(f"{lg}.name: {t.name[lg]}")
        if t.definition.get(lg):
            lines.append(f"{lg}.definition: {t.definition[lg]}")
        for kw in t.keywords.get(lg, ()):
            lines.append(f"{lg}.keyword: {kw}")
        for ex in t.examples.get(lg, ()):
            lines.append(f"{lg}.example: {ex}")
    return "\n".join(lines)


def _theme_from_code(name: str, description: str) -> Theme:
    fields: dict[str, dict[str, list[str]]] = {}
    for line in description.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or "." not in key:
            continue
        lg, kind = key.split(".", 1)
        fields.setdefault(kind, {}).setdefault(lg, []).append(value)
    names = {lg: v[0] for lg, v in fields.get("name", {}).items()} or {"en": name}
    defs = {lg: v[0] for lg, v in fields.get("definition", {}).items()}
    if not defs and description.strip() and "name" not in fields:
        defs = {"en": description.strip()}
    theme_id = name if name.replace("_", "").isalnum() and name[:1].isalpha() and name == name.lower() else \
        "_".join(name.lower().split())[:60] or "code"
    return Theme(theme_id, names, defs, {lg: tuple(v) for lg, v in fields.get("example", {}).items()},
                 {lg: tuple(v) for lg, v in fields.get("keyword", {}).items()})


def _codes_element(parent: ET.Element, codebook: Codebook, ns: str) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    for t in codebook.themes:
        code = ET.SubElement(codes, f"{{{ns}}}Code", guid=_guid("code", t.id), name=t.id, isCodable="true")
        ET.SubElement(code, f"{{{ns}}}Description").text = _describe(t)


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """A REFI-QDA codebook (``.qdc``) as UTF-8 XML bytes."""
    ET.register_namespace("", NS_CODEBOOK)
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", origin="tradebridge")
    _codes_element(root, codebook, NS_CODEBOOK)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _parse_codes(codes_el: ET.Element | None, ns: str) -> tuple[list[Theme], dict[str, str]]:
    themes, by_guid = [], {}
    if codes_el is None:
        return themes, by_guid
    for code in codes_el.iter(f"{{{ns}}}Code"):
        desc = code.find(f"{{{ns}}}Description")
        theme = _theme_from_code(code.get("name", "code"), desc.text or "" if desc is not None else "")
        if theme.id not in {t.id for t in themes}:
            themes.append(theme)
        by_guid[code.get("guid", "")] = theme.id
    return themes, by_guid


def _xml_root(data: bytes, what: str) -> ET.Element:
    return parse_xml(data, what)


def codebook_from_qdc(data: bytes) -> Codebook:
    """Read a REFI-QDA codebook."""
    root = _xml_root(data, "codebook")
    themes, _ = _parse_codes(root.find(f"{{{NS_CODEBOOK}}}Codes"), NS_CODEBOOK)
    if not themes:
        raise DataError("the codebook has no codes", hint="check that it is a REFI-QDA .qdc file")
    return Codebook(root.get("name", "imported-codebook"), tuple(themes))


def export_qdpx(project: InterviewProject, path: str | Path) -> Path:
    """Write the project (transcripts, metadata, codebook, codings) as a REFI-QDA ``.qdpx``."""
    ET.register_namespace("", NS_PROJECT)
    ns = NS_PROJECT
    transcripts = project.transcripts()
    codings = project.codings()
    coders = sorted(set(codings["coder"])) if len(codings) else []
    root = ET.Element(f"{{{ns}}}Project", name=project.folder.name, origin="tradebridge",
                      creatingUserGUID=_guid("user", coders[0]) if coders else _guid("user", "tradebridge"))
    users = ET.SubElement(root, f"{{{ns}}}Users")
    for c in coders or ["tradebridge"]:
        ET.SubElement(users, f"{{{ns}}}User", guid=_guid("user", c), name=c)
    cb_el = ET.SubElement(root, f"{{{ns}}}CodeBook")
    _codes_element(cb_el, project.codebook, ns)
    variables = ET.SubElement(root, f"{{{ns}}}Variables")
    for v in META_VARIABLES:
        ET.SubElement(variables, f"{{{ns}}}Variable", guid=_guid("var", v), name=v, typeOfVariable="Text")
    cases = ET.SubElement(root, f"{{{ns}}}Cases")
    sources = ET.SubElement(root, f"{{{ns}}}Sources")
    files: dict[str, str] = {}
    for tr in transcripts:
        sguid = _guid("source", tr.id)
        case = ET.SubElement(cases, f"{{{ns}}}Case", guid=_guid("case", tr.id), name=tr.id)
        for v in META_VARIABLES:
            if tr.metadata.get(v) is not None:
                vv = ET.SubElement(case, f"{{{ns}}}VariableValue")
                ET.SubElement(vv, f"{{{ns}}}VariableRef", targetGUID=_guid("var", v))
                ET.SubElement(vv, f"{{{ns}}}TextValue").text = str(tr.metadata[v])
        ET.SubElement(case, f"{{{ns}}}SourceRef", targetGUID=sguid)
        src = ET.SubElement(sources, f"{{{ns}}}TextSource", guid=sguid, name=tr.id,
                            plainTextPath=f"internal://{sguid}.txt")
        files[f"sources/{sguid}.txt"] = tr.text
        mine = codings[codings["transcript_id"] == tr.id] if len(codings) else codings
        for r in mine.sort_values(["start", "theme", "coder"]).itertuples():
            sel_guid = _guid("sel", tr.id, r.start, r.end, r.theme, r.coder)
            sel = ET.SubElement(src, f"{{{ns}}}PlainTextSelection", guid=sel_guid, name=str(r.segment_id),
                                startPosition=str(int(r.start)), endPosition=str(int(r.end)),
                                creatingUser=_guid("user", r.coder))
            coding = ET.SubElement(sel, f"{{{ns}}}Coding", guid=_guid("coding", sel_guid),
                                   creatingUser=_guid("user", r.coder))
            ET.SubElement(coding, f"{{{ns}}}CodeRef", targetGUID=_guid("code", r.theme))
    ET.indent(root)
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("project.qde", date_time=(2000, 1, 1, 0, 0, 0))
        zf.writestr(info, ET.tostring(root, encoding="utf-8", xml_declaration=True), zipfile.ZIP_DEFLATED)
        for name, text in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return path


def _member_for(ptp: str, names: set[str], source: str) -> str | None:
    """The zip member of an ``internal://`` plain-text path (validated), or None for other schemes."""
    if not ptp.startswith("internal://"):
        return None  # absolute:// and relative:// paths point outside the archive: never followed
    ref = unicodedata.normalize("NFKC", ptp[len("internal://"):])
    stem, dot, ext = ref.rpartition(".")
    if not dot or ext.lower() != "txt":
        stem = ref
    safe_id(stem, f"plain-text path of source {source!r}")
    member = f"sources/{ref}"
    return member if member in names else None


def _source_name(src: ET.Element) -> str:
    name = unicodedata.normalize("NFKC", src.get("name", ""))
    if any(c in name for c in "/\\\x00") or (len(name) > 1 and name[1] == ":") or name.startswith(".") \
            or len(name) > 255:
        raise DataError(f"source name {name[:80]!r} looks like a path",
                        hint="rename the source in the QDA tool (no '/', '\\', drive letters or leading '.')")
    return name


def _theme_id(theme: Theme) -> Theme:
    tid = unicodedata.normalize("NFKC", theme.id).lower()
    tid = re.sub(r"[^a-z0-9_]+", "_", tid).strip("_")[:60]
    tid = tid if tid[:1].isalpha() else f"code_{tid}"[:60]
    return Theme(tid, theme.name, theme.definition, theme.examples, theme.keywords)


def import_qdpx(path: str | Path, folder: str | Path, *, limits: ArchiveLimits = DEFAULT_LIMITS) -> InterviewProject:
    """Create a project folder from a REFI-QDA ``.qdpx`` (text sources, codes, codings, case variables).

    Imported text is stored as it is in the file (run redaction in the QDA tool or before export).
    The archive is checked first (``limits``; no DTD/entities; every id used as a file name validated;
    only ``internal://`` text is read) and nothing is written unless the whole file is valid.
    """
    ns = NS_PROJECT
    with open_archive(path, "REFI-QDA project (.qdpx)", limits) as zf:
        names = set(zf.namelist())
        if "project.qde" not in names:
            raise DataError(f"{path} has no project.qde", hint="export a REFI-QDA project (.qdpx)")
        root = _xml_root(read_member(zf, "project.qde", limits), "project.qde")
        users = {u.get("guid"): safe_label(u.get("name", "coder"), "user name")
                 for u in root.iter(f"{{{ns}}}User")}
        themes, code_ids = _parse_codes(root.find(f"{{{ns}}}CodeBook/{{{ns}}}Codes"), ns)
        themes, code_ids = _clean_themes(themes, code_ids)
        var_names = {v.get("guid"): v.get("name") for v in root.iter(f"{{{ns}}}Variable")}
        meta_by_source: dict[str, dict[str, str]] = {}
        for case in root.iter(f"{{{ns}}}Case"):
            values = {}
            for vv in case.findall(f"{{{ns}}}VariableValue"):
                ref = vv.find(f"{{{ns}}}VariableRef")
                val = next((c.text for c in vv if c.tag != f"{{{ns}}}VariableRef"), None)
                name = var_names.get(ref.get("targetGUID")) if ref is not None else None
                if name in META_VARIABLES and val is not None:
                    values[name] = val if name != "demo" else (val == "True")
            for sref in case.findall(f"{{{ns}}}SourceRef"):
                meta_by_source[sref.get("targetGUID", "")] = values
        sources = []
        for src in root.iter(f"{{{ns}}}TextSource"):
            name = _source_name(src)
            member = _member_for(src.get("plainTextPath", ""), names, name)
            content = src.find(f"{{{ns}}}PlainTextContent")
            if member is not None:
                text = decode_utf8(read_member(zf, member, limits), f"{path}: {member}")
            elif content is not None and content.text is not None:
                text = content.text
            else:
                raise DataError(f"source {name!r} has no readable plain text in {path}",
                                hint="export the project with its sources inside the archive")
            meta = _check_meta(meta_by_source.get(src.get("guid", ""), {}), f"{path}: {name}")
            sources.append((src, name, Transcript("T", text, meta)))
    folder = Path(folder)
    existing = {p.stem for p in (folder / "transcripts").glob("INT-*.json")} if folder.is_dir() else set()
    wanted: list[str | None] = []
    for _, name, _ in sources:
        keep = re.fullmatch(r"INT-\d{4,6}", name) and name not in existing and name not in wanted
        wanted.append(name if keep else None)
    project = InterviewProject.create(folder, Codebook(root.get("name", "imported"), tuple(themes)) if themes else None)
    rows = []
    for (src, _, parsed), tid in zip(sources, wanted, strict=True):
        tr = project.add_transcript(Transcript("T", parsed.text, parsed.metadata), redaction_done=True,
                                    transcript_id=tid)
        rows += _selections(src, tr, users, code_ids, ns)
    if rows:
        project.save_codings(pd.DataFrame(rows, columns=CODING_COLUMNS))
    return project


def _clean_themes(themes: list[Theme], code_ids: dict[str, str]) -> tuple[list[Theme], dict[str, str]]:
    renamed = {t.id: _theme_id(t) for t in themes}
    out: list[Theme] = []
    for t in renamed.values():
        if t.id not in {x.id for x in out}:
            out.append(t)
    return out, {g: renamed[tid].id for g, tid in code_ids.items()}


def _selections(src: ET.Element, tr: Transcript, users: dict, code_ids: dict[str, str], ns: str) -> list[dict]:
    rows = []
    segs = tr.segments
    for sel in src.iter(f"{{{ns}}}PlainTextSelection"):
        try:
            start, end = int(sel.get("startPosition", 0)), int(sel.get("endPosition", 0))
        except ValueError:
            raise DataError(f"selection {sel.get('guid')!r} of {tr.id} has non-integer positions",
                            hint="export the project again from the QDA tool") from None
        seg = next((s for s in segs if s.start <= start < s.end), None)
        for coding in sel.iter(f"{{{ns}}}Coding"):
            ref = coding.find(f"{{{ns}}}CodeRef")
            theme = code_ids.get(ref.get("targetGUID", "")) if ref is not None else None
            if theme is None:
                continue
            coder = users.get(coding.get("creatingUser") or sel.get("creatingUser"), "imported")
            rows.append({"transcript_id": tr.id, "segment_id": seg.id if seg else f"{tr.id}:sel",
                         "start": start, "end": end, "theme": theme, "coder": coder})
    return rows
