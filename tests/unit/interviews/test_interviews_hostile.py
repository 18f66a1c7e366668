"""Hostile interview inputs: a forged .qdpx, a .docx that is not one, a transcript that is not UTF-8.

Every attack asserts that the file system under ``tmp_path`` (the project *and* its neighbours) is
byte for byte unchanged, and that the error names what to fix. The .qdpx files are built here in the
REFI-QDA format (namespace ``urn:QDA-XML:project:1.0``); their text is made up.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import DataError
from tradebridge.interviews import InterviewProject
from tradebridge.interviews.qdpx import import_qdpx
from tradebridge.interviews.safety import ArchiveLimits, confined, safe_id
from tradebridge.interviews.transcripts import read_transcript_file

NS = "urn:QDA-XML:project:1.0"


def tree(root: Path) -> dict[str, str]:
    """Every file and link under ``root`` with a hash of its bytes (or its link target)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def qde(sources: str, *, users: str = '<User guid="u1" name="ana"/>', codes: str = "", head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<Project xmlns="{NS}" name="p" origin="test">'
            f"<Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook>"
            f"<Sources>{sources}</Sources></Project>").encode()


def source(name: str, *, ptp: str = "internal://s1.txt", guid: str = "s1") -> str:
    return f'<TextSource guid="{guid}" name="{name}" plainTextPath="{ptp}"/>'


def qdpx(path: Path, project: bytes, members: dict[str, bytes] | None = None,
         links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", project)
        for name, data in (members if members is not None else {"sources/s1.txt": b"Made-up answer.\n"}).items():
            zf.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16  # a symbolic link entry
            zf.writestr(info, "../../outside")
    return path


@pytest.fixture
def area(tmp_path):
    """A tmp tree with a file next to the project that an attack would like to overwrite."""
    (tmp_path / "neighbour").mkdir()
    (tmp_path / "neighbour" / "keep.txt").write_text("untouched\n")
    return tmp_path


def refused(area: Path, archive: Path, match: str, **kw) -> DataError:
    before = tree(area)
    with pytest.raises(DataError, match=match) as err:
        import_qdpx(archive, area / "proj", **kw)
    assert tree(area) == before, "a refused import changed the file system"
    assert "Fix:" in str(err.value)
    return err.value


@pytest.mark.parametrize("name", [
    "../../neighbour/keep", "INT-../../neighbour/keep", "/etc/passwd", "C:\\\\evil", "..\\\\evil", ".hidden",
    "INT-0001\uff0f..\uff0f..\uff0fneighbour",  # full-width solidus: '/' after NFKC normalisation
])
def test_source_names_that_are_paths_are_refused(area, name):
    refused(area, qdpx(area / "a.qdpx", qde(source(name))), "looks like a path")


@pytest.mark.parametrize("ptp", ["internal://../../neighbour/keep.txt", "internal://..%2f..%2fx.txt",
                                 "internal://a b.txt"])
def test_plain_text_paths_outside_the_archive_folder_are_refused(area, ptp):
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001", ptp=ptp))), "plain-text path .* is not a valid id")


def test_absolute_plain_text_paths_are_never_followed(area):
    secret = area / "neighbour" / "keep.txt"
    err = refused(area, qdpx(area / "a.qdpx", qde(source("x", ptp=f"absolute://{secret}"))), "no readable plain text")
    assert "untouched" not in str(err)


def test_nul_in_a_name_is_refused(area):
    refused(area, qdpx(area / "a.qdpx", qde(source("a&#0;b"))), "not valid XML")


def test_symlinked_transcripts_folder_is_refused(area):
    InterviewProject.create(area / "proj")
    (area / "proj" / "transcripts").rmdir()
    (area / "proj" / "transcripts").symlink_to(area / "neighbour", target_is_directory=True)
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001"))), "symbolic link")


def test_symlinked_transcript_file_is_refused(area):
    InterviewProject.create(area / "proj")
    (area / "proj" / "transcripts" / "INT-0001.txt").symlink_to(area / "neighbour" / "keep.txt")
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001"))), "outside")


def test_symlink_members_are_refused(area):
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001")), {}, links=("sources/s1.txt",)),
            "symbolic link")


@pytest.mark.parametrize("head, match", [
    ('<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "DTDs and entities"),
    ('<!DOCTYPE p SYSTEM "file:///etc/passwd">', "DTDs and entities"),
])
def test_dtds_and_entity_expansion_are_refused(area, head, match):
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001"), head=head)), match)


def test_zip_bomb_ratio_member_count_and_total_size(area):
    bomb = qdpx(area / "bomb.qdpx", qde(source("INT-0001")), {"sources/s1.txt": b"0" * 3_000_000})
    refused(area, bomb, "compression ratio above 200")
    many = qdpx(area / "many.qdpx", qde(source("INT-0001")), {f"sources/{i}.txt": b"x" for i in range(20)})
    refused(area, many, "has 21 members", limits=ArchiveLimits(max_members=10))
    refused(area, many, "unpacks to more than 100 bytes", limits=ArchiveLimits(max_total_bytes=100))


def test_hostile_user_names_are_refused(area):
    users = '<User guid="u1" name="=HYPERLINK(&quot;http://x&quot;)"/>'
    refused(area, qdpx(area / "a.qdpx", qde(source("INT-0001"), users=users)), "user name .* is not accepted")


def test_transcript_text_that_is_not_utf8_is_refused(area):
    archive = qdpx(area / "a.qdpx", qde(source("INT-0001")), {"sources/s1.txt": "Opinión".encode("latin-1")})
    refused(area, archive, "not UTF-8 text")


def test_a_valid_archive_still_imports_with_sanitised_code_ids(area):
    codes = '<Code guid="c1" name="=cmd|calc" isCodable="true"/>'
    sel = ('<PlainTextSelection guid="x" startPosition="0" endPosition="4" creatingUser="u1">'
           '<Coding guid="y" creatingUser="u1"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection>')
    text = source("INT-0042").replace("/>", f">{sel}</TextSource>")
    proj = import_qdpx(qdpx(area / "a.qdpx", qde(text, codes=codes)), area / "proj")
    assert [t.id for t in proj.transcripts()] == ["INT-0042"]
    assert proj.codebook.theme_ids == ("cmd_calc",)  # a valid codebook id, reloadable
    assert proj.codings()[["transcript_id", "theme", "coder"]].values.tolist() == [["INT-0042", "cmd_calc", "ana"]]
    assert sorted(p.name for p in (area / "proj" / "transcripts").iterdir()) == ["INT-0042.json", "INT-0042.txt"]
    assert tree(area / "neighbour") == {"keep.txt": hashlib.sha256(b"untouched\n").hexdigest()}


# ------------------------------------------------------------------------------------ transcripts
def test_docx_that_is_not_a_zip(area):
    bad = area / "notes.docx"
    bad.write_text("I am plain text with a .docx name")
    before = tree(area)
    with pytest.raises(DataError, match=r"notes.docx is not a Word document \(.docx\) \(zip\) file") as err:
        InterviewProject.create(area / "proj").import_file(bad)
    assert "export the Word document (.docx) again" in str(err.value)
    after = tree(area)
    assert {k: v for k, v in after.items() if not k.startswith("proj")} == before
    assert not list((area / "proj" / "transcripts").iterdir())


def test_damaged_docx(area):
    bad = area / "broken.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(DataError, match="is not a readable Word document") as err:
        read_transcript_file(bad)
    assert "save it again as .docx" in str(err.value)


def test_transcript_not_utf8(area):
    f = area / "t.txt"
    f.write_bytes("Entrevista: la relación es buena".encode("latin-1"))
    proj = InterviewProject.create(area / "proj")
    with pytest.raises(DataError, match="is not UTF-8 text") as err:
        proj.import_file(f)
    assert "save it as UTF-8" in str(err.value) and proj.transcripts() == []


def test_coder_names_that_would_be_formulas_are_refused(area):
    proj = InterviewProject.create(area / "proj")
    (area / "t.txt").write_text("One answer.\n", encoding="utf-8")
    tr = proj.import_file(area / "t.txt")
    for bad in ("=1+1", "@SUM(A1)", "+cmd", "-x", "a\x00b", "x" * 65):
        with pytest.raises(DataError, match="coder name"):
            proj.code_segment(tr.id, f"{tr.id}:001", proj.codebook.theme_ids[0], bad)
    assert proj.codings().empty


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_safe_id_never_leaves_the_folder(tmp_path_factory, text):
    folder = tmp_path_factory.getbasetemp() / "safe"
    folder.mkdir(exist_ok=True)
    try:
        tid = safe_id(text, "id")
    except DataError:
        return
    assert 1 <= len(tid) <= 64 and set(tid) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
    assert confined(folder, f"{tid}.txt").resolve().parent == folder.resolve()


def test_cli_import_checks_every_file_before_creating_the_project(area):
    from typer.testing import CliRunner

    from tradebridge.cli.main import app

    (area / "good.txt").write_text("A good answer.\n", encoding="utf-8")
    (area / "bad.docx").write_text("not a zip")
    before = tree(area)
    res = CliRunner().invoke(app, ["interviews", "import", str(area / "good.txt"), str(area / "bad.docx"),
                                   "--project", str(area / "proj")])
    assert res.exit_code != 0 and "bad.docx is not a Word document" in (res.output + str(res.exception))
    assert tree(area) == before  # no project folder, no half import
