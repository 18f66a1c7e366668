"""Trade blocs and their members (ISO3), with the year each member joined where it matters.

A partner argument is a bloc id (``PA``), or comma-separated ISO3 codes, or a mix:

>>> resolve_partners("PA")
('CHL', 'COL', 'MEX', 'PER')
>>> resolve_partners("CHL,mex")
('CHL', 'MEX')
>>> bloc_members("MERCOSUR", year=2013)
('ARG', 'BRA', 'PRY', 'URY', 'VEN')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradebridge.errors import ConfigError


@dataclass(frozen=True)
class Bloc:
    """A bloc: id, names in en/es/ko, members with joining (and leaving) years, and a source."""

    id: str
    names: dict[str, str]
    members: dict[str, tuple[int | None, int | None]]  # iso3 -> (joined, left)
    source: str

    def members_in(self, year: int | None = None) -> tuple[str, ...]:
        """Members (sorted); with ``year``, only those that belonged in that year."""
        out = [
            iso
            for iso, (joined, left) in self.members.items()
            if year is None or ((joined is None or joined <= year) and (left is None or year < left))
        ]
        return tuple(sorted(out))


BLOCS: dict[str, Bloc] = {
    b.id: b
    for b in [
        Bloc(
            "PA",
            {"en": "Pacific Alliance", "es": "Alianza del Pacífico", "ko": "태평양 동맹"},
            {"CHL": (2011, None), "COL": (2011, None), "MEX": (2011, None), "PER": (2011, None)},
            "Lima Declaration 2011-04-28; Framework Agreement (in force 2015-07-20)",
        ),
        Bloc(
            "MERCOSUR",
            {"en": "MERCOSUR", "es": "MERCOSUR", "ko": "남미공동시장"},
            {"ARG": (1991, None), "BRA": (1991, None), "PRY": (1991, None), "URY": (1991, None),
             "VEN": (2012, 2017), "BOL": (2024, None)},
            "Treaty of Asunción 1991; Venezuela suspended 2016-12 (2017 here); Bolivia full member 2024",
        ),
        Bloc(
            "ASEAN",
            {"en": "ASEAN", "es": "ASEAN", "ko": "아세안"},
            {"IDN": (1967, None), "MYS": (1967, None), "PHL": (1967, None), "SGP": (1967, None),
             "THA": (1967, None), "BRN": (1984, None), "VNM": (1995, None), "LAO": (1997, None),
             "MMR": (1997, None), "KHM": (1999, None)},
            "ASEAN Secretariat, member states and accession years",
        ),
        Bloc(
            "EU",
            {"en": "European Union", "es": "Unión Europea", "ko": "유럽연합"},
            {**{c: (1958, None) for c in ("BEL", "DEU", "FRA", "ITA", "LUX", "NLD")},
             "DNK": (1973, None), "IRL": (1973, None), "GBR": (1973, 2020), "GRC": (1981, None),
             "ESP": (1986, None), "PRT": (1986, None), "AUT": (1995, None), "FIN": (1995, None),
             "SWE": (1995, None),
             **{c: (2004, None) for c in ("CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL",
                                          "SVK", "SVN")},
             "BGR": (2007, None), "ROU": (2007, None), "HRV": (2013, None)},
            "European Union, accession treaties; United Kingdom left 2020-01-31",
        ),
        Bloc(
            "CAN",
            {"en": "Andean Community", "es": "Comunidad Andina", "ko": "안데스 공동체"},
            {"BOL": (1969, None), "COL": (1969, None), "ECU": (1969, None), "PER": (1969, None)},
            "Cartagena Agreement 1969 (current members)",
        ),
        Bloc(
            "USMCA",
            {"en": "USMCA / NAFTA", "es": "T-MEC / TLCAN", "ko": "USMCA / NAFTA"},
            {"CAN": (1994, None), "MEX": (1994, None), "USA": (1994, None)},
            "NAFTA in force 1994-01-01; USMCA 2020-07-01",
        ),
    ]
}

_ISO3 = re.compile(r"^[A-Z][A-Z0-9]{2}$")


def bloc_members(bloc: str, year: int | None = None) -> tuple[str, ...]:
    """Members of a bloc (optionally in a given year)."""
    key = bloc.upper()
    if key not in BLOCS:
        raise ConfigError(f"unknown bloc {bloc!r}; known blocs: {', '.join(BLOCS)}")
    return BLOCS[key].members_in(year)


def resolve_partners(spec: str | list[str] | tuple[str, ...], year: int | None = None) -> tuple[str, ...]:
    """Turn a bloc id, ISO3 codes, or a comma-separated mix into a tuple of ISO3 codes (order kept)."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    out: list[str] = []
    for raw in items:
        item = raw.strip().upper()
        if not item:
            continue
        if item in BLOCS:
            out.extend(bloc_members(item, year))
        elif _ISO3.match(item):
            out.append(item)
        else:
            raise ConfigError(
                f"unknown partner {raw!r}: use ISO3 codes (e.g. CHL,MEX) or a bloc ({', '.join(BLOCS)})"
            )
    return tuple(dict.fromkeys(out))


def is_bloc(spec: str) -> bool:
    """True when ``spec`` names a bloc."""
    return spec.strip().upper() in BLOCS


def bloc_name(bloc: str, lang: str = "en") -> str:
    """The bloc's name in a language (en/es/ko)."""
    return BLOCS[bloc.upper()].names.get(lang, BLOCS[bloc.upper()].names["en"])
