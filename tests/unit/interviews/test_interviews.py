"""Interviews: PII redaction, transcript import (txt/md/docx), coding, kappa, frequencies, REFI-QDA round trip."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradebridge.errors import DataError
from tradebridge.interviews import InterviewProject, cohen_kappa, redact, suggest_keywords, theme_frequencies
from tradebridge.interviews.codebook import default_codebook_path, load_codebook
from tradebridge.interviews.coding import quotes
from tradebridge.interviews.demo import demo_dir, demo_interview_results, demo_names
from tradebridge.interviews.qdpx import codebook_from_qdc, codebook_to_qdc, export_qdpx, import_qdpx


# ------------------------------------------------------------------------------------------ redaction
@pytest.mark.parametrize("text, expected", [
    ("write to ana.perez@example.cl now", "write to [EMAIL] now"),
    ("Mail: J_Kim+survey@mofa.go.kr.", "Mail: [EMAIL]."),
    ("call +56 9 8765 4321 today", "call [PHONE] today"),
    ("tel (55) 5555-1234", "tel [PHONE]"),
    ("휴대폰 010-1234-5678 입니다", "휴대폰 [PHONE] 입니다"),
    ("tel. +51.1.555.1234", "tel. [PHONE]"),
    ("exports grew 12% in 2004 to 1,234 units", "exports grew 12% in 2004 to 1,234 units"),  # not phones
])
def test_redacts_emails_and_phones(text, expected):
    assert redact(text).text == expected


def test_redacts_listed_names_case_insensitively_and_in_hangul():
    r = redact("JUAN PÉREZ said; juan   pérez agreed. Juanito did not. 김민수는 동의했다.", ["Juan Pérez", "김민수"])
    assert r.text == "[NAME] said; [NAME] agreed. Juanito did not. [NAME]는 동의했다."
    assert r.counts == {"email": 0, "phone": 0, "name": 3}


@settings(max_examples=60, deadline=None)
@given(user=st.from_regex(r"[a-z][a-z0-9._]{0,10}[a-z0-9]", fullmatch=True),
       host=st.from_regex(r"[a-z]{2,8}\.(cl|co|mx|pe|kr|com)", fullmatch=True),
       prefix=st.text(alphabet="abc def", max_size=20))
def test_no_email_survives(user, host, prefix):
    out = redact(f"{prefix} {user}@{host} end").text
    assert "@" not in out and "[EMAIL]" in out


def test_project_stores_only_redacted_text(tmp_path):
    project = InterviewProject.create(tmp_path / "p")
    src = tmp_path / "Interview with Juan Perez.txt"
    src.write_text("---\ncountry: chl\nactor_type: public\n---\nI am Juan Perez, juan@x.cl, +56 9 1111 2222.\n",
                   encoding="utf-8")
    tr = project.import_file(src, names=["Juan Perez"])
    assert tr.id == "INT-0001" and tr.metadata["country"] == "CHL"
    stored = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "p").rglob("*") if p.is_file())
    assert "Juan" not in stored and "juan@" not in stored and "1111" not in stored
    assert "I am [NAME], [EMAIL], [PHONE]." in stored


def test_docx_import_with_metadata(tmp_path):
    import docx

    doc = docx.Document()
    doc.core_properties.keywords = "country=PER; actor_type=private; sector=mining"
    doc.add_paragraph("Question one?")
    doc.add_paragraph("Our FTA benefit is clear, says Rosa Flores (rosa@mina.pe).")
    doc.save(tmp_path / "t.docx")
    project = InterviewProject.create(tmp_path / "p")
    tr = project.import_file(tmp_path / "t.docx", names=["Rosa Flores"], metadata={"date": "2024-01-05"})
    assert tr.metadata == {"country": "PER", "actor_type": "private", "sector": "mining", "date": "2024-01-05"}
    assert [s.text for s in tr.segments] == ["Question one?", "Our FTA benefit is clear, says [NAME] ([EMAIL])."]


def test_bad_metadata_is_refused(tmp_path):
    f = tmp_path / "t.md"
    f.write_text("---\ncountry: Chile\n---\ntext\n", encoding="utf-8")
    with pytest.raises(DataError, match="ISO3"):
        InterviewProject.create(tmp_path / "p").import_file(f)


# -------------------------------------------------------------------------------------------- coding
def test_cohen_kappa_hand_computed():
    # 10 segments, one theme. Coder A codes segments 1-4, coder B codes 1-3 and 5.
    # Agreement: both yes on 1,2,3; both no on 6-10 -> po = 8/10 = 0.8.
    # pA = 0.4, pB = 0.4 -> pe = 0.4*0.4 + 0.6*0.6 = 0.52; kappa = (0.8-0.52)/(1-0.52) = 0.58333...
    segs = [f"T:{i:03d}" for i in range(1, 11)]
    rows = [("T", segs[i], "x", "A") for i in (0, 1, 2, 3)] + [("T", segs[i], "x", "B") for i in (0, 1, 2, 4)]
    codings = pd.DataFrame(rows, columns=["transcript_id", "segment_id", "theme", "coder"])
    k = cohen_kappa(codings, "A", "B", segments=segs).to_frame().set_index("theme")
    assert k.loc["x", "agreement"] == pytest.approx(0.8, abs=1e-12)
    assert k.loc["x", "kappa"] == pytest.approx(0.28 / 0.48, abs=1e-12)
    perfect = cohen_kappa(codings.assign(coder=codings["coder"].replace("B", "A")).drop_duplicates()
                          .pipe(lambda d: pd.concat([d, d.assign(coder="C")])), "A", "C", segments=segs)
    assert perfect.to_frame().set_index("theme").loc["x", "kappa"] == pytest.approx(1.0)


def test_manual_coding_frequencies_and_quotes(tmp_path):
    project = InterviewProject.create(tmp_path / "p")
    for path in sorted(demo_dir().glob("demo_*.md")):
        project.import_file(path, names=demo_names())
    trs = project.transcripts()
    assert len(trs) == 4
    first = trs[0]
    project.code_segment(first.id, first.segments[2].id, "positive_relationship", "ana")
    project.code_segment(first.id, first.segments[2].id, "positive_relationship", "ana")  # idempotent
    project.code_segment(first.id, first.segments[3].id, "fta_optimism", "ana")
    codings = project.codings()
    assert len(codings) == 2
    with pytest.raises(DataError, match="unknown theme"):
        project.code_segment(first.id, first.segments[2].id, "nonsense", "ana")
    freq = theme_frequencies(codings, project.metadata_frame())
    assert freq[["country", "theme", "segments", "transcripts", "share_of_transcripts"]].to_dict("records") == [
        {"country": "CHL", "theme": "fta_optimism", "segments": 1, "transcripts": 1, "share_of_transcripts": 1.0},
        {"country": "CHL", "theme": "positive_relationship", "segments": 1, "transcripts": 1,
         "share_of_transcripts": 1.0}]
    q = quotes(codings, trs, "fta_optimism")
    assert q["quote"].tolist() == [first.segments[3].text] and q["demo"].all()


def test_keyword_suggestions():
    res = demo_interview_results()
    codings = res["codings"]
    mex = codings[codings["transcript_id"] == "DEMO-INT-0003"]  # sorted: chl, col, mex, per
    assert "trade_balance_concern" in set(mex["theme"]) and "pa_membership" in set(mex["theme"])
    assert res["frequencies"]["demo"].all() and res["quotes"]["demo"].all()


# ----------------------------------------------------------------------------------------- REFI-QDA
def test_qdc_round_trip():
    cb = load_codebook(default_codebook_path())
    back = codebook_from_qdc(codebook_to_qdc(cb))
    assert back.themes == cb.themes


def test_qdpx_round_trip(tmp_path):
    project = InterviewProject.create(tmp_path / "p")
    for path in sorted(demo_dir().glob("demo_*.md")):
        project.import_file(path, names=demo_names())
    trs = project.transcripts()
    for tr in trs:
        sugg = suggest_keywords([tr], project.codebook)
        for r in sugg.itertuples():
            project.code_segment(tr.id, r.segment_id, r.theme, "ana")
    project.code_segment(trs[0].id, trs[0].segments[1].id, "cooperation_priorities", "ben")
    out = export_qdpx(project, tmp_path / "p.qdpx")
    assert export_qdpx(project, tmp_path / "again.qdpx").read_bytes() == out.read_bytes()  # deterministic
    with zipfile.ZipFile(out) as zf:
        qde = zf.read("project.qde").decode()
    assert 'xmlns="urn:QDA-XML:project:1.0"' in qde and "PlainTextSelection" in qde
    back = import_qdpx(out, tmp_path / "back")
    assert [(t.id, t.text, t.metadata) for t in back.transcripts()] == [(t.id, t.text, t.metadata) for t in trs]
    cols = ["transcript_id", "segment_id", "start", "end", "theme", "coder"]
    pd.testing.assert_frame_equal(back.codings()[cols].reset_index(drop=True),
                                  project.codings()[cols].reset_index(drop=True))
    assert back.codebook.themes == project.codebook.themes


def test_qdpx_rejects_entities(tmp_path):
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Project/>')
    with pytest.raises(DataError, match="entities"):
        import_qdpx(bad, tmp_path / "out")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=5, max_size=40))
def test_kappa_matches_scikit_learn(pairs):
    """Same numbers as sklearn.metrics.cohen_kappa_score (an independent implementation) to 1e-12."""
    skm = pytest.importorskip("sklearn.metrics", reason="scikit-learn not installed (comes with the embeddings extra)")
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    if len(set(a)) == 1 and len(set(b)) == 1 and a[0] == b[0]:
        return  # p_e = 1: kappa undefined in both
    segs = [f"T:{i:03d}" for i in range(len(pairs))]
    rows = [("T", s, "x", "A") for s, v in zip(segs, a, strict=True) if v]
    rows += [("T", s, "x", "B") for s, v in zip(segs, b, strict=True) if v]
    rows += [("T", "T:999", "other", c) for c in "AB"]  # both coders present even if they code nothing else
    codings = pd.DataFrame(rows, columns=["transcript_id", "segment_id", "theme", "coder"])
    ours = cohen_kappa(codings, "A", "B", segments=segs, themes=["x"]).to_frame().set_index("theme").loc["x", "kappa"]
    assert ours == pytest.approx(skm.cohen_kappa_score(a, b), abs=1e-12)
