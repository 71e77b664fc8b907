"""The sentence rules of claims, one at a time (``claims.COUNT_RULES``, ``claims.PAIR_CHECKS``,
``claims.SENTENCE_STEPS``), on hand-made sentences.

Each rule test checks what the rule answers for a count where it applies, that it passes
(``None``) where it does not, and which rule of the sequence decides the count.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from newslib.extract import claims as C


def parse(s: str) -> C._Parse:
    p = C._parse_sentence(s)
    assert p is not None, s
    return p


def count(p: C._Parse, text: str) -> C._Count:
    """The count whose words are ``text``, seen after the counts before it were decided."""
    for i, q in enumerate(p.qs):
        if i in p.consumed:
            continue
        c = C._count(p, i)
        if q.text == text:
            return c
        out = C._decide(p, c)[1]
        if isinstance(out, C._Claim):
            p.claims.append(out)
    raise AssertionError(f"no count {text!r} in {p.s!r}")


def decided_by(s: str, text: str):
    p = parse(s)
    rule, _ = C._decide(p, count(p, text))
    return rule


def trig(out) -> str | None:
    assert isinstance(out, C._Claim), out
    return out.trig.text if out.trig is not None else None


def test_the_rules_run_in_the_documented_order():
    assert [r.__name__ for r in C.COUNT_RULES] == [
        "rule_not_people", "rule_difference", "rule_subset_opening", "rule_coordinated", "rule_dead_noun",
        "rule_harm_beside", "rule_toll", "rule_subject", "rule_gapped", "rule_victim_noun", "rule_breakdown",
        "rule_subset_of_previous"]
    assert [f.__name__ for f in C.PAIR_CHECKS] == ["_bare_count_touches", "_article_with_verb"]
    assert [f.__name__ for f in C.SENTENCE_STEPS] == ["step_distribute_qualifier", "step_admitted_are_wounded",
                                                      "step_victims"]


def test_readme_names_every_rule():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for f in (*C.COUNT_RULES, *C.SENTENCE_STEPS):
        assert re.search(rf"`{f.__name__}`", readme), f"README: describe {f.__name__}"


# ----------------------------------------------------------------------------- COUNT_RULES
def test_rule_not_people():
    p = parse("Two pontoon bridges were destroyed and 5 people were killed.")
    assert C.rule_not_people(p, count(p, "Two")) is C.SKIP
    assert C.rule_not_people(p, count(p, "5")) is None
    assert decided_by("Five air raids on three hospitals killed 12 people.", "Five") is C.rule_not_people


def test_rule_subset_opening():
    p = parse("Of these, 12 were children.")
    out = C.rule_subset_opening(p, count(p, "12"))
    assert out.rule == "R3" and out.anaphoric and out.trig is None  # the kind is the parent claim's
    assert p.s[p.toks.start[out.np0]:p.toks.end[out.np1 - 1]] == "children"
    p = parse("Of the dead, 12 were children.")
    assert trig(C.rule_subset_opening(p, count(p, "12"))) == "dead"
    p = parse("Of these, 12 were destroyed.")
    assert C.rule_subset_opening(p, count(p, "12")) is C.SKIP  # things, not people
    p = parse("Among the dead was a police chief.")
    assert C.rule_subset_opening(p, count(p, "a")) is C.SKIP  # an article counts one only with a harm verb
    p = parse("Of these, 12 were children.")
    c = count(p, "12")
    p.claims.append(C._Claim(c.q, c.q0, c.q1, c.np0, c.np1, None, "R1"))
    assert C.rule_subset_opening(p, c) is None  # only the first claim of a sentence
    p = parse("Yesterday 12 people were killed.")
    assert C.rule_subset_opening(p, count(p, "12")) is None


def test_rule_coordinated():
    s = "Two children who were in the ward, as well as one caregiver, have been killed."
    p = parse(s)
    c = count(p, "one")  # deciding 'Two' (the subject rule) named 'one' coordinated with it
    out = C.rule_coordinated(p, c)
    assert (out.rule, trig(out)) == ("R4", "killed")
    assert decided_by(s, "one") is C.rule_coordinated
    p.coordinated.clear()
    assert C.rule_coordinated(p, c) is None


def test_rule_harm_beside_coordinated_after_the_verb():
    # R2 serves every count coordinated after its harm word, a possessive between them allowed
    p = parse("Gunmen killed 5 soldiers, 3 police and 2 civilians.")
    for text in ("5", "3", "2"):
        c = count(p, text)
        out = C._decide(p, c)[1]
        p.claims.append(out)
        assert (out.rule, trig(out)) == ("R2", "killed"), text
    p = parse("The strike killed a mother and her two daughters.")
    assert trig(C.rule_harm_beside(p, count(p, "two"))) == "killed"
    p = parse("The strike killed her two daughters.")
    assert trig(C.rule_harm_beside(p, count(p, "two"))) == "killed"


def test_rule_dead_noun():
    p = parse("Officials confirmed 512 bodies and 1,900 injured people.")
    out = C.rule_dead_noun(p, count(p, "512"))
    assert (out.rule, trig(out), out.trig.kind) == ("R1", "bodies", "killed")
    assert decided_by("Rescuers pulled 30 corpses from the rubble.", "30") is C.rule_dead_noun
    p = parse("Gunmen killed three hostages.")
    assert C.rule_dead_noun(p, count(p, "three")) is None  # a victim noun that is no dead noun


def test_rule_harm_beside():
    p = parse("58 soldiers were killed.")
    out = C.rule_harm_beside(p, count(p, "58"))
    assert (out.rule, trig(out)) == ("R1", "killed")
    p = parse("IS killed at least 58 soldiers.")
    out = C.rule_harm_beside(p, count(p, "at least 58"))
    assert (out.rule, trig(out)) == ("R2", "killed")
    p = parse("The strike claimed 155 lives.")
    assert trig(C.rule_harm_beside(p, count(p, "155"))) == "lives"
    p = parse("Doctors saved 40 lives.")
    assert C.rule_harm_beside(p, count(p, "40")) is None  # 'lives' only with a verb of lives
    p = parse("Gunmen killed three hostages.")
    assert trig(C.rule_harm_beside(p, count(p, "three"))) == "killed"  # a harm verb beside a victim noun wins
    assert decided_by("Gunmen killed three hostages.", "three") is C.rule_harm_beside


def test_rule_toll():
    s = "The death toll from the strikes on the city has climbed to 74."
    p = parse(s)
    c = count(p, "74")
    out = C.rule_toll(p, c)
    assert (out.rule, trig(out)) == ("R2", "death toll")
    assert C.rule_harm_beside(p, c) is None and decided_by(s, "74") is C.rule_toll
    assert C.rule_toll(p, dataclasses.replace(c, subset=True)) is None  # never for a subset
    p = parse("The total number of deaths the clinic recorded this week rose to 31.")
    assert trig(C.rule_toll(p, count(p, "31"))) == "deaths"
    p = parse("The death toll rose after 12 people arrived.")
    assert C.rule_toll(p, count(p, "12")) is None  # no toll link word before the count
    # the toll counts what its 'from' phrase names: a harm noun there is its cause, no rival
    p = parse("The death toll from the massacre in the village has risen to 40.")
    assert trig(C.rule_toll(p, count(p, "40"))) == "death toll"
    p = parse("Toll From Army Massacre of Herders in Upper Valley Tops 110")
    assert trig(C.rule_toll(p, count(p, "110"))) == "Toll"
    # ... but not without it: the nearest harm word is then the count's own
    p = parse("The death toll is unknown but the massacre has claimed 40.")
    assert C.rule_toll(p, count(p, "40")) is None
    # an article ('a civilian gathering') counts one at most: it never stands between a toll and its figure
    p = parse("The death toll from Sunday's strike on a civilian gathering rose to 82 by Monday.")
    assert trig(C.rule_toll(p, count(p, "82"))) == "death toll"


def test_rule_subject():
    s = "Over a hundred civilians, including people who came for the feast, were killed."
    p = parse(s)
    c = count(p, "Over a hundred")
    out = C.rule_subject(p, c)
    assert (out.rule, trig(out)) == ("R4", "killed")
    assert decided_by(s, "Over a hundred") is C.rule_subject
    p = parse("Two children who were in the ward, as well as one caregiver, have been killed.")
    C.rule_subject(p, C._count(p, 0))
    assert list(p.coordinated) == [1]  # the coordinated count gets the same harm word
    p = parse("Five soldiers arrived when the shelling killed a child.")
    assert C.rule_subject(p, count(p, "Five")) is None  # another clause opens before the harm word
    p = parse("Over a hundred civilians, including people who came for the feast, were killed.")
    c = count(p, "Over a hundred")
    assert C.rule_subject(p, dataclasses.replace(c, subset=True)) is None


def test_rule_victim_noun():
    p = parse("More than 100 martyrs.")
    out = C.rule_victim_noun(p, count(p, "More than 100"))
    assert (out.rule, trig(out)) == ("R1", "martyrs")
    assert decided_by("Officials counted 25 hostages.", "25") is C.rule_victim_noun
    p = parse("Officials counted 25 soldiers and hostages.")
    assert C.rule_victim_noun(p, count(p, "25")) is None  # the noun of the count is no victim noun


def test_rule_subset_of_previous():
    s = "Thirty people were killed, including 31 women and 19 children."
    p = parse(s)
    for text in ("31", "19"):
        c = count(p, text)
        assert c.subset
        out = C.rule_subset_of_previous(p, c)
        assert (out.rule, trig(out), out.subset_of) == ("R3", "killed", 0)
        p.claims.append(out)
        assert decided_by(s, text) is C.rule_subset_of_previous
    p = parse("Thirty people were killed, including 31 women.")
    c = count(p, "31")
    p.claims.clear()
    assert C.rule_subset_of_previous(p, c) is None  # nothing before it to point to


def test_a_count_no_rule_decides_is_no_claim():
    assert decided_by("Doctors saved 40 lives.", "40") is None
    assert C._analyse_sentence("Doctors saved 40 lives.") == []


# ----------------------------------------------------------------------------- PAIR_CHECKS
def test_bare_count_touches():
    p = parse("5 dead body bags were delivered.")
    c = count(p, "5")
    t = p.trigs[0]
    assert not C._bare_count_touches(p, c, t, "R1")  # 'dead' is an adjective of bags
    assert C._bare_count_touches(p, c, t, "R2")  # the check is R1's
    assert C.rule_harm_beside(p, c) is C.SKIP
    p = parse("5 were killed.")
    assert C._bare_count_touches(p, count(p, "5"), p.trigs[0], "R1")
    p = parse("Officials said 5 on Monday were killed.")
    c = count(p, "5")
    assert not c.has_np and not C._bare_count_touches(p, c, p.trigs[0], "R1")  # 'on Monday' is between


def test_article_with_verb():
    p = parse("They reported the death of an aid worker.")
    c = count(p, "an")
    assert not C._article_with_verb(p, c, p.trigs[0], "R2")
    assert C.rule_harm_beside(p, c) is C.SKIP
    p = parse("An aid worker was killed.")
    assert C._article_with_verb(p, count(p, "An"), p.trigs[0], "R1")


# ----------------------------------------------------------------------------- SENTENCE_STEPS
def decided(s: str) -> C._Parse:
    p = parse(s)
    for i in range(len(p.qs)):
        if i not in p.consumed:
            out = C._decide(p, C._count(p, i))[1]
            if isinstance(out, C._Claim):
                p.claims.append(out)
    return p


def test_step_distribute_qualifier():
    p = decided("Around 40 troops and 130 civilians were killed.")
    assert [c.q.qualifier for c in p.claims] == ["approximate", "exact"]
    C.step_distribute_qualifier(p)
    assert [c.q.qualifier for c in p.claims] == ["approximate", "approximate"]
    p = decided("Around 40 troops were killed and later 130 civilians were killed.")
    C.step_distribute_qualifier(p)
    assert [c.q.qualifier for c in p.claims] == ["approximate", "exact"]


def test_step_admitted_are_wounded():
    p = decided("454 casualties arrived at the hospital.")
    C.step_admitted_are_wounded(p)
    assert [c.kind for c in p.claims] == ["wounded"]
    p = decided("The shelling left 454 casualties.")
    C.step_admitted_are_wounded(p)
    assert [c.kind for c in p.claims] == [None]  # a combined figure stays combined


def test_step_victims():
    p = decided("The clashes killed 40 fighters or so.")
    assert [c.victims for c in p.claims] == [""]
    C.step_victims(p)
    assert [(c.victims, c.q.qualifier) for c in p.claims] == [("fighters", "approximate")]
    p = decided("More than 100 martyrs.")
    C.step_victims(p)
    assert [c.victims for c in p.claims] == ["martyrs"]


@pytest.mark.parametrize("s", [
    "Around 40 troops and 130 civilians were killed.",
    "Thirty people were killed, including 31 women and 19 children.",
    "Of these, 12 were children.",
])
def test_analyse_sentence_is_the_rules_then_the_steps(s):
    p = decided(s)
    for step in C.SENTENCE_STEPS:
        step(p)
    assert C._analyse_sentence(s) == p.claims
