"""Recommendation rules: the file's validation (errors say what to fix), owners / horizons / indicators to
monitor, demo cards kept out of the evidence, scopes, and the shipped rules file."""

from __future__ import annotations

import textwrap

import pytest

from tradebridge.errors import ConfigError, DataError
from tradebridge.evidence.cards import EvidenceCard
from tradebridge.evidence.rules import HORIZONS, evaluate_rules, load_rules
from tradebridge.i18n import LANGS

GOOD = """
- id: r1
  area: trade
  when: [{card: "trade.flows.{reporter}-{bloc}.*", field: balance, op: ">", value: 0}]
  text: {en: "Act, {reporter}.", es: "Actuar, {reporter}.", ko: "{reporter:는} 행동해야 한다."}
  owner: {en: "the trade ministry", es: "el ministerio de comercio", ko: "통상 부처"}
  horizon: short
  years: "1-2"
  monitor: {en: "the balance", es: "el saldo", ko: "무역수지"}
  monitor_card: "trade.flows.{reporter}-*"
"""


def _write(tmp_path, text: str):
    p = tmp_path / "rules.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def _card(cid: str, demo: bool = False, **values) -> EvidenceCard:
    return EvidenceCard(cid, "t", {"en": ""}, values, demo=demo)


def test_a_full_rule_gives_owner_horizon_and_monitor(tmp_path):
    (rule,) = load_rules(_write(tmp_path, GOOD))
    cards = {c.id: c for c in [_card("trade.flows.BRA-MERCOSUR.2016", balance=5.0),
                               _card("trade.flows.BRA-ARG.2016", balance=-1.0)]}
    (rec,) = evaluate_rules([rule], cards, reporter="BRA", bloc="MERCOSUR")
    assert rec.evidence == ("trade.flows.BRA-MERCOSUR.2016",)
    assert rec.text("ko") == "브라질은 행동해야 한다." and rec.text("es") == "Actuar, Brasil."
    assert (rec.owner("es"), rec.monitor("ko"), rec.horizon) == ("el ministerio de comercio", "무역수지", "short")
    assert rec.horizon_label("en") == "short term (1–2 years)" and rec.horizon_label("ko") == "단기 (1–2년)"
    assert rec.monitor_cards == ("trade.flows.BRA-ARG.2016", "trade.flows.BRA-MERCOSUR.2016")


@pytest.mark.parametrize(("edit", "error", "message"), [
    (lambda s: s.replace(', ko: "{reporter:는} 행동해야 한다."', ""), DataError, "'text' lacks the ko version"),
    (lambda s: s.replace("horizon: short", "horizon: soon"), ConfigError, "valid values: short, medium, long"),
    (lambda s: s.replace("  years:", "  year:"), DataError, "unknown key\\(s\\) year"),
    (lambda s: s.replace("field: balance, ", ""), DataError, "needs 'field' and 'value'"),
    (lambda s: s.replace('  owner: {en: "the trade ministry", es: "el ministerio de comercio", ko: "통상 부처"}\n', ""),
     DataError, "missing 'owner'"),
    (lambda s: s.replace("  when:", "  unless:"), DataError, "unknown key"),
    (lambda s: s + s.replace("- id: r1", "- id: r1"), DataError, "rule id 'r1' is used twice"),
    (lambda s: "scope: {country: BRA}\nrules:\n" + s, DataError, "scope: unknown key"),
])
def test_rule_file_errors_say_what_to_fix(tmp_path, edit, error, message):
    with pytest.raises(error, match=message):
        load_rules(_write(tmp_path, edit(GOOD)))


def test_demo_cards_never_in_the_evidence_when_real_cards_suffice(tmp_path):
    text = GOOD.replace('  when: [{card: "trade.flows.{reporter}-{bloc}.*", field: balance, op: ">", value: 0}]',
                        '  any: [{card: "trade.flows.*", op: exists}, {card: "survey.*", op: exists}]')
    (rule,) = load_rules(_write(tmp_path, text))
    real, demo = _card("trade.flows.KOR-PA.2016"), _card("survey.likert.x", demo=True, share_agree=0.9)
    (rec,) = evaluate_rules([rule], {real.id: real, demo.id: demo}, reporter="KOR", bloc="PA")
    assert rec.evidence == (real.id,) and not rec.demo_based
    (only_demo,) = evaluate_rules([rule], {demo.id: demo}, reporter="KOR", bloc="PA")
    assert only_demo.demo_based and only_demo.evidence == (demo.id,)


def test_a_scoped_file_applies_only_to_its_reporter(tmp_path):
    rules = load_rules(_write(tmp_path, "scope: {reporter: bra, bloc: MERCOSUR}\nrules:\n" + GOOD))
    cards = {"trade.flows.BRA-MERCOSUR.2016": _card("trade.flows.BRA-MERCOSUR.2016", balance=1.0),
             "trade.flows.KOR-MERCOSUR.2016": _card("trade.flows.KOR-MERCOSUR.2016", balance=1.0)}
    assert len(evaluate_rules(rules, cards, reporter="BRA", bloc="MERCOSUR")) == 1
    assert evaluate_rules(rules, cards, reporter="KOR", bloc="MERCOSUR") == []


def test_shipped_rules_are_complete():
    rules = load_rules()
    assert 6 <= len(rules) <= 8
    assert {r.area for r in rules} == {"multilateral", "trade", "investment", "cooperation"}
    for r in rules:
        for texts in (r.text, r.owner, r.monitor):
            assert all(texts.get(lang, "").strip() for lang in LANGS), r.id
        assert r.horizon in HORIZONS and r.years, r.id
        assert r.when or r.any_of
        assert not [c for c in (*r.when, *r.any_of) if c["card"].startswith(("survey.", "interviews."))], r.id
    multilateral = " ".join(r.text["en"] for r in rules if r.area == "multilateral")
    assert "CPTPP" in multilateral and "Singapore" in multilateral
    assert not any(ch.isdigit() for r in rules for t in r.text.values() for ch in t.replace("5G", ""))


def test_shipped_rules_do_not_reach_another_reporters_brief():
    cards = {c: _card(c, surplus_share=0.9, balance=1.0) for c in
             ("trade.balance_record.BRA-MERCOSUR", "trade.flows.BRA-MERCOSUR.2016", "investment.bit.BRA-ARG")}
    assert evaluate_rules(load_rules(), cards, reporter="BRA", bloc="MERCOSUR") == []
