"""Build small zips in CEPII BACI's exact layout, with made-up values (shared by tests and the benchmark)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

COUNTRIES_V2024 = "country_code,country_name,country_iso2,country_iso3\n" \
    "4,Afghanistan,AF,AFG\n152,Chile,CL,CHL\n170,Colombia,CO,COL\n410,Rep. of Korea,KR,KOR\n" \
    "484,Mexico,MX,MEX\n490,Other Asia  nes,N/A,S19\n604,Peru,PE,PER\n842,USA,US,USA\n"
COUNTRIES_V2023 = "country_code,country_name_abbreviation,country_name_full,iso_2digit_alpha,iso_3digit_alpha\n" \
    "152,Chile,Chile,CL,CHL\n410,Rep. of Korea,Republic of Korea,KR,KOR\n490,Other Asia  nes,Other Asia  not " \
    "elsewhere specified,N/A,N/A\n604,Peru,Peru,PE,PER\n"


def write_baci_zip(path: Path, years: dict[int, str], *, revision: str = "HS17", release: str = "202401",
                   countries: str = COUNTRIES_V2024) -> Path:
    """``years`` maps a year to the CSV text of its ``BACI_<rev>_Y<year>_V<release>.csv`` member."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for year, text in years.items():
            zf.writestr(f"BACI_{revision}_Y{year}_V{release}.csv", text)
        zf.writestr(f"country_codes_V{release}.csv", countries)
        zf.writestr(f"product_codes_{revision}_V{release}.csv",
                    'code,description\n010121,"Horses: live, pure-bred breeding animals"\n870323,"Motor cars"\n')
        zf.writestr("Readme.txt", "made-up test file in BACI layout\n")
    return path


def zip_bytes(years: dict[int, str], **kw) -> bytes:
    buf = io.BytesIO()
    write_baci_zip(buf, years, **kw)  # type: ignore[arg-type]
    return buf.getvalue()
