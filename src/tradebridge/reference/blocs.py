"""Trade blocs and their members (ISO3), with the year each member joined where it matters, and the
one place where a reporter and its partners (the :class:`Scope`) are parsed and validated.

A partner argument is a bloc id (``PA``), or comma-separated ISO3 codes, or a mix; every code must
be a known one (:mod:`tradebridge.reference.countries`), so a typo is an error, not an empty result:

>>> resolve_partners("PA")
('CHL', 'COL', 'MEX', 'PER')
>>> resolve_partners("CHL,mex")
('CHL', 'MEX')
>>> bloc_members("MERCOSUR", year=2013)
('ARG', 'BRA', 'PRY', 'URY', 'VEN')
>>> resolve_scope("BRA", "MERCOSUR").members  # a reporter inside its bloc is not its own partner
('ARG', 'BOL', 'PRY', 'URY', 'VEN')
>>> resolve_partners("ZZZ,CHL")
Traceback (most recent call last):
...
tradebridge.errors.ConfigError: unknown partner code ZZZ in 'ZZZ,CHL'. Fix: use ISO3 codes, e.g. CHL,MEX (...) or a bloc id (...)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tradebridge.config import DEFAULT_DATASET, Settings
from tradebridge.errors import ConfigError
from tradebridge.reference.countries import close_codes, is_known_code


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
            {"en": "Pacific Alliance", "es": "Alianza del Pacífico", "ko": "태평양동맹"},
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


def _how_to_find(codes: list[str], *, blocs: bool = True) -> str:
    near = sorted({c for code in codes for c in close_codes(code)})
    start = f"did you mean {', '.join(near)}? Otherwise use" if near else "use"
    where = ("the list is tradebridge.reference.countries.ISO3_CODES, or run "
             "tradebridge data sql \"SELECT iso3, name FROM countries\"")
    return f"{start} ISO3 codes, e.g. CHL,MEX ({where})" + (f" or a bloc id ({', '.join(BLOCS)})" if blocs else "")


def resolve_partners(spec: str | list[str] | tuple[str, ...], year: int | None = None) -> tuple[str, ...]:
    """Turn a bloc id, ISO3 codes, or a comma-separated mix into a tuple of ISO3 codes (order kept).

    Every unknown code is named in one :class:`~tradebridge.errors.ConfigError`, with the known
    codes that are one typo away and where to find the valid ones.
    """
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    out: list[str] = []
    unknown: list[str] = []
    for raw in items:
        item = str(raw).strip().upper()
        if not item:
            continue
        if item in BLOCS:
            out.extend(bloc_members(item, year))
        elif _ISO3.match(item) and is_known_code(item):
            out.append(item)
        else:
            unknown.append(str(raw).strip())
    if unknown:
        listed = ", ".join(unknown)
        shown = spec if isinstance(spec, str) else ",".join(map(str, spec))
        raise ConfigError(f"unknown partner code{'s' if len(unknown) > 1 else ''} {listed} in {shown!r}",
                          hint=_how_to_find([u.upper() for u in unknown]),
                          key="unknown_partner" if len(unknown) == 1 else "unknown_partners",
                          params={"codes": listed, "blocs": ", ".join(sorted(BLOCS))})
    return tuple(dict.fromkeys(out))


def check_reporter(code: str) -> str:
    """The reporter's ISO3 code (upper case), or a ConfigError naming it and how to find valid ones.

    >>> check_reporter(" kor ")
    'KOR'
    """
    text = str(code).strip().upper()
    if text in BLOCS:
        raise ConfigError(f"the reporter {code!r} is a bloc; a reporter is one country",
                          hint="pass an ISO3 code as --reporter (e.g. KOR) and the bloc as --partners",
                          key="reporter_is_bloc", params={"code": text})
    if not (_ISO3.match(text) and is_known_code(text)):
        raise ConfigError(f"unknown reporter code {str(code).strip()!r}", hint=_how_to_find([text], blocs=False),
                          key="unknown_reporter", params={"code": str(code).strip()})
    return text


@dataclass(frozen=True)
class Scope:
    """What an analysis is about, parsed once (:func:`resolve_scope`, :func:`scope_from_settings`) and
    passed down: the ``reporter`` (ISO3, upper case), its partner countries ``members`` (never the
    reporter itself: "the bloc minus the reporter" is worked out here and nowhere else), the ``bloc`` id
    when the partners named one (else None), and the warehouse ``dataset`` of trade flows.

    >>> s = resolve_scope("bra", "MERCOSUR", dataset="comtrade_aggregate")
    >>> s.reporter, s.bloc, s.label, s.members
    ('BRA', 'MERCOSUR', 'MERCOSUR', ('ARG', 'BOL', 'PRY', 'URY', 'VEN'))
    >>> resolve_scope("KOR", "mex,chl", dataset="agtpa").label
    'MEX,CHL'
    """

    reporter: str
    members: tuple[str, ...]
    bloc: str | None
    dataset: str

    @property
    def label(self) -> str:
        """The partners as one name: the bloc id, else the member codes joined by commas."""
        return self.bloc or ",".join(self.members)

    def with_dataset(self, dataset: str) -> Scope:
        """The same reporter and partners on another dataset."""
        return replace(self, dataset=dataset)

    def to_frame(self):  # pandas imported lazily: the reference layer loads without it
        """One row per member: reporter, partner, bloc, dataset."""
        import pandas as pd

        return pd.DataFrame({"reporter": self.reporter, "partner": list(self.members), "bloc": self.bloc,
                             "dataset": self.dataset})


def resolve_scope(reporter: str, partners: str | list[str] | tuple[str, ...], year: int | None = None, *,
                  dataset: str | None = None) -> Scope:
    """Validate the reporter and the partners and return the :class:`Scope` (``dataset`` defaults to
    the settings' built-in one).

    Unknown codes are a ConfigError naming them; a partner list that names only the reporter is one too.
    """
    rep = check_reporter(reporter)
    named = resolve_partners(partners, year)
    members = tuple(m for m in named if m != rep)
    text = partners if isinstance(partners, str) else ",".join(map(str, partners))
    if not members:
        if not named:
            raise ConfigError("no partners given", hint="pass --partners PA (a bloc id) or ISO3 codes",
                              key="no_partners", params={"blocs": ", ".join(sorted(BLOCS))})
        raise ConfigError(f"no partners left: {text!r} only names the reporter {rep}",
                          hint="pass other countries or a bloc, e.g. --partners PA", key="only_reporter",
                          params={"reporter": rep})
    bloc = text.strip().upper() if is_bloc(text) else None
    return Scope(reporter=rep, members=members, bloc=bloc, dataset=dataset or DEFAULT_DATASET)


def scope_from_settings(settings: Settings, *, reporter: str | None = None, partners: str | None = None,
                        dataset: str | None = None) -> Scope:
    """The scope of the settings, with the options a command or a request gives on top (``None`` keeps
    the setting).

    >>> from tradebridge.config import load_settings
    >>> s = load_settings(env={"TRADEBRIDGE_REPORTER": "chl"}, config_file=None)
    >>> scope_from_settings(s, partners="MERCOSUR")
    Scope(reporter='CHL', members=('ARG', 'BOL', 'BRA', 'PRY', 'URY', 'VEN'), bloc='MERCOSUR', dataset='comtrade_aggregate')
    """
    return resolve_scope(reporter or settings.reporter, partners or settings.partners,
                         dataset=dataset or settings.dataset)


def is_bloc(spec: str) -> bool:
    """True when ``spec`` names a bloc."""
    return spec.strip().upper() in BLOCS


def bloc_name(bloc: str, lang: str = "en") -> str:
    """The bloc's name in a language (en/es/ko)."""
    return BLOCS[bloc.upper()].names.get(lang, BLOCS[bloc.upper()].names["en"])
