"""Product classifications: the HS nomenclature and sections (UN Comtrade list), the R package
``concordance`` v2.1.0 tables (HS revisions, HS to SITC/BEC/ISIC, descriptions, Rauch 1999).

``concordances`` is long: (source_classification, source_code, target_classification, target_code),
codes as strings with leading zeros; HS at 6 digits, SITC at 4 (the level Rauch uses), BEC at 3,
ISIC at 4. Revision names follow the concordance package: HS0=1992, HS1=1996, HS2=2002, HS3=2007,
HS4=2012, HS5=2017, HS6=2022, and ``HS`` for its combined table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tradebridge.sources.base import Extract, Provenance
from tradebridge.sources.files import RowLedger, check_unique, file_sha256, read_table, require_values, to_integer

HS_NOMENCLATURE = "classifications/hs_nomenclature.csv"
HS_SECTIONS = "classifications/hs_sections.csv"
CONCORDANCE_DIR = "classifications/concordance"
RAUCH = "classifications/concordance/sitc2_rauch.csv.gz"
SOURCE = "R package concordance v2.1.0 (Liao, Kim, Miyano & Zhang), insongkim/concordance @201c812"

# target classification -> (column suffix in the file, digits kept)
_TARGET_LEVEL = {"SITC1": "4d", "SITC2": "4d", "SITC3": "4d", "SITC4": "4d", "BEC4": "3d", "ISIC2": "4d",
                 "ISIC3": "4d", "ISIC3.1": "4d", "ISIC4": "4d"}
_NAME = re.compile(r"^(hs\d?|sitc\d|isic\d+|bec\d)_(hs\d?|sitc\d|isic\d+(?:\.\d)?|bec\d)\.csv\.gz$")


def _cls(token: str) -> str:
    token = token.upper()
    return {"ISIC31": "ISIC3.1"}.get(token, token)


def read_hs(raw: Path) -> Extract:
    """HS nomenclature (2/4/6 digits) and sections."""
    path, spath = raw / HS_NOMENCLATURE, raw / HS_SECTIONS
    frame = read_table(path, required=["section", "hscode", "description", "parent", "level"])
    check_unique(frame, ["hscode"], file=path.name)
    require_values(frame, "hscode", file=path.name, what="code")
    level = to_integer(frame, "level", file=path.name, what="level")
    products = pd.DataFrame({"dataset": "hs_nomenclature", "classification": "HS", "code": frame["hscode"],
                             "level": level.astype("Int64"),
                             "description": frame["description"],
                             "parent": frame["parent"].replace("TOTAL", None), "section": frame["section"]})
    sections = read_table(spath, required=["section", "name"])
    sections = sections.assign(dataset="hs_nomenclature")[["dataset", "section", "name"]]
    prov = Provenance(dataset="hs_nomenclature", source="UN Comtrade HS nomenclature, via datasets/"
                      "harmonized-system @905e5a0", licence="PDDL", file=HS_NOMENCLATURE,
                      sha256=file_sha256(path), note=f"{len(products):,} codes, {len(sections):,} sections")
    return Extract(prov, {"products": products, "hs_sections": sections})


def concordance_files(raw: Path) -> list[Path]:
    return sorted(p for p in (raw / CONCORDANCE_DIR).glob("*.csv.gz") if _NAME.match(p.name))


def read_concordances(raw: Path) -> Extract:
    """All pairwise concordance tables and the description tables, long."""
    frames, descs = [], []
    files = concordance_files(raw)
    counts = {"pairs read": 0, "with an empty side (no counterpart)": 0, "repeated at the stored code level": 0,
              "skipped files (BEC source or no column at the stored level)": 0}
    for path in files:
        src_tok, dst_tok = _NAME.match(path.name).groups()
        src, dst = _cls(src_tok), _cls(dst_tok)
        if src.startswith("BEC"):
            counts["skipped files (BEC source or no column at the stored level)"] += 1
            continue
        frame = read_table(path, required=[])
        src_col = _pick(frame, src, "6d" if src.startswith("HS") else "4d")
        dst_col = _pick(frame, dst, "6d" if dst.startswith("HS") else _TARGET_LEVEL.get(dst, "4d"))
        if src_col is None or dst_col is None:
            counts["skipped files (BEC source or no column at the stored level)"] += 1
            continue
        ledger = RowLedger(path.name, frame)
        pairs = frame[[src_col, dst_col]]
        pairs = ledger.drop(pairs, pairs.isna().any(axis=1), "with an empty side (no counterpart)")
        pairs = ledger.drop(pairs, pairs.duplicated(), "repeated at the stored code level")
        ledger.check(len(pairs))
        counts["pairs read"] += ledger.rows_in
        for why, n in ledger.dropped.items():
            counts[why] += n
        frames.append(pd.DataFrame({"source_classification": src, "source_code": pairs[src_col],
                                    "target_classification": dst, "target_code": pairs[dst_col]}))
    for path in sorted((raw / CONCORDANCE_DIR).glob("*_desc.csv.gz")):
        cls = _cls(path.name.split("_")[0])
        frame = read_table(path, required=["code", "desc"]).drop_duplicates()
        check_unique(frame, ["code"], file=path.name)
        descs.append(pd.DataFrame({"classification": cls, "code": frame["code"], "level": frame["code"].str.len(),
                                   "description": frame["desc"], "parent": None, "section": None}))
    conc = pd.concat(frames, ignore_index=True).drop_duplicates()
    conc.insert(0, "dataset", "concordance")
    products = pd.concat(descs, ignore_index=True).drop_duplicates(["classification", "code"])
    products.insert(0, "dataset", "concordance")
    sha = _combined_sha([*files, *sorted((raw / CONCORDANCE_DIR).glob("*_desc.csv.gz"))])
    prov = Provenance(dataset="concordance", source=SOURCE, licence="MIT", file=CONCORDANCE_DIR + "/*.csv.gz",
                      sha256=sha, version="2.1.0",
                      note="; ".join(f"{n:,} {what}" for what, n in counts.items()))
    return Extract(prov, {"concordances": conc, "products": products})


def _pick(frame: pd.DataFrame, cls: str, level: str) -> str | None:
    prefix = {"HS": "HS_"}.get(cls, f"{cls}_")
    col = f"{prefix}{level}"
    return col if col in frame.columns else None


def _combined_sha(paths: list[Path]) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(file_sha256(p).encode())
    return h.hexdigest()


def read_rauch(raw: Path) -> Extract:
    """Rauch (1999) classification of SITC Rev.2 4-digit goods: w (organised exchange), r (reference
    priced), n (differentiated), conservative and liberal variants."""
    path = raw / RAUCH
    frame = read_table(path, required=["SITC2", "CON", "LIB"])
    ledger = RowLedger(path.name, frame)
    frame = ledger.drop(frame, frame[["CON", "LIB"]].isna().any(axis=1), "without a classification")
    frame = ledger.drop(frame, frame.duplicated(), "exact duplicates")
    check_unique(frame, ["SITC2"], file=path.name)
    out = pd.DataFrame({"dataset": "rauch", "sitc2": frame["SITC2"], "conservative": frame["CON"],
                        "liberal": frame["LIB"]})
    ledger.check(len(out))
    prov = Provenance(dataset="rauch", source="Rauch (1999), via " + SOURCE, licence="MIT", file=RAUCH,
                      sha256=file_sha256(path), note=ledger.note())
    return Extract(prov, {"rauch": out})
