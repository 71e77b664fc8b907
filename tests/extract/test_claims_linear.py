"""What claims ask of the whole article is answered by bisection over indexes made once per article
(a long article must cost linear time, not a scan of the article per sentence). These tests check
the indexed answers are the ones the plain scans give, on an article written here; speed itself
is measured by bench/long_article.py, never asserted."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newslib import lexicons
from newslib.extract import claims
from newslib.language import text as textmod
from newslib.read import corpus

# One article, several times over: named claimants of one type (so 'the monitor' must pick the
# nearest before), generic mentions, a ministry named and then 'the ministry', surnames, a
# body the article describes, sub-headings with places, quotations and soldiers of no side.
BLOCK = (
    "The Syrian Observatory for Human Rights said 12 civilians were killed in Raqqa. "
    "The monitor said 4 more people died in hospital. "
    "Airwars, a monitoring group, said 9 people were killed in Idlib. "
    "The monitor said 3 children were among them. "
    "The Interior Ministry of Freedonia said 3 police officers were wounded. "
    "The ministry said 2 of them later died. "
    "Jane Doe, the UN coordinator, said 40 people were hurt. "
    "Doe said 6 of them were children. "
    "The Kutum Relief Forum (KRF) said 11 villagers were killed. "
    "KRF is a Geneva-based charity that documents abuses. "
    "\u201cWe buried 7 bodies,\u201d a medic said. "
    "Government troops said 5 soldiers were killed in clashes with Islamic State fighters. "
    "\n\nDeir ez-Zor\n\n"
    "Shelling killed 8 people in Mayadin on Tuesday, a local official said. "
    "Another monitor said 10 were killed. "
    "Five soldiers were killed, the army said.\n\n"
)


def _context(n_blocks: int = 6) -> claims.ArticleContext:
    arts = corpus.build([corpus.Document("long", "long", "Raids across the north\n\n" + BLOCK * n_blocks,
                                         published="2024-06-03", outlet="The Daily")]).articles
    contexts: dict = {}
    claims.article_claims(arts.iloc[0].to_dict(), None, contexts)
    return contexts["long"]


# ---------------------------------------------------------------- the plain scans (as they were)
def _ref_named_with_head(row, ctx, abs_pos):
    head = str(row.get("claimant", "")).split()[-1:]
    if not head:
        return None
    head_low = head[0].lower()
    with_head = [(p, r) for p, r in ctx.named_claimants
                 if r is not row and r.get("claimant") != row.get("claimant") and len(str(r.get("claimant", "")).split()) > 1
                 and not lexicons.truthy(r.get("generic_word", "false"))
                 and head_low in str(r.get("claimant", "")).lower().split()]
    if not with_head:
        return None
    before = [x for x in with_head if x[0] < abs_pos]
    return (before[-1] if before else with_head[0])[1]


def _ref_resolve_unnamed(row, ctx, abs_pos):
    found = _ref_named_with_head(row, ctx, abs_pos)
    if found is not None:
        return found
    named = [(p, r) for p, r in ctx.named_claimants if r is not row and r.get("claimant") != row.get("claimant")]
    head = row["claimant"].split()[-1].lower()
    ctype = row.get("claimant_type")
    if ctype in claims._TYPE_RESOLVED or head in claims.claimantsmod.words("speaks_for"):
        same = [(p, r) for p, r in named if r.get("claimant_type") == ctype]
        names = list(dict.fromkeys(r["claimant"] for _, r in same))
        if len(names) == 1:
            return same[0][1]
        before = [x for x in same if x[0] < abs_pos]
        if before:
            return before[-1][1]
    return row


def _ref_resolve_generic(row, ctx, abs_pos):
    if not lexicons.truthy(row.get("generic", "false")):
        return row
    if claims._ANOTHER_RE.search(ctx.text[max(0, abs_pos - 25):abs_pos]):
        return row
    if row.get("party", "false") == "" and "alias" in row and row.get("side") == "unknown":
        return _ref_resolve_unnamed(row, ctx, abs_pos)
    named = _ref_named_with_head(row, ctx, abs_pos)
    if named is not None:
        return named

    def compatible(r):
        if r["claimant_type"] != row["claimant_type"] or lexicons.truthy(r.get("generic", "false")):
            return False
        return row.get("side") in ("neutral", "unknown", None, "") or r.get("side") == row.get("side")

    same_type = [r for (p, r) in ctx.claimant_hits if compatible(r)]
    names = list(dict.fromkeys(r["claimant"] for r in same_type))
    if len(names) == 1:
        return next(r for r in same_type if r["claimant"] == names[0])
    before = [r for (p, r) in ctx.claimant_hits if p < abs_pos and compatible(r)]
    return before[-1] if before else row


def _ref_person_named(ctx, surname, pos):
    found = None
    for i, se in enumerate(ctx.sentences):
        if se.start >= pos:
            break
        for a in ctx.raw_attributions(i):
            if surname in re.findall(r"[\w'’\-]+", a.alias_text) and a.claimant.get("surname") != "true" \
                    and a.claimant.get("claimant") != "__pronoun__":
                found = a.claimant
    return found


def _ref_described_type(ctx, name):
    names = [name] + [k for k, v in ctx.acronyms.items() if v == name]
    rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\s+(?:is|was|are)\s+(?:an?|the)\s+([^.;:]{1,80})")
    m = rx.search(ctx.text)
    if m is None:
        return None
    desc = re.split(r"\s(?:that|which|who|based\s+in|with)\s|,", m.group(1))[0]
    return claims.claimantsmod.head_type(desc)[0]


def _ref_section_place(place_hits, headings, sent):
    head = max((h for h in headings if h.start <= sent.start), key=lambda h: h.start, default=None)
    if head is None or sent.sentence_id - head.sentence_id > 3:
        return None
    before = [row for (p, row) in place_hits if head.start <= p < sent.start]
    return before[-1] if before else None


def _ref_enemy_side(perpetrator, actor_hits):
    table = claims._actor_sides()
    perp_sides = set().union(*(table.get(a, frozenset()) for a in perpetrator.split("; ")))
    counts = {}
    for h in actor_hits:
        sd = h.value["side"]
        if sd in perp_sides or sd in ("civilians", "unknown"):
            continue
        counts[sd] = counts.get(sd, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k])


# ---------------------------------------------------------------- the tests
def test_generic_claimants_resolve_as_the_plain_scan_does():
    ctx = _context()
    checked = generic = 0
    for i, se in enumerate(ctx.sentences):
        for a in ctx.raw_attributions(i):
            row = a.claimant
            if row.get("claimant") == "__pronoun__" or row.get("surname") == "true":
                continue
            # every offset of the article, not only the mention's own: before, inside and after each block
            for pos in (se.start + a.hit_start, se.start, se.end, 0, len(ctx.text)):
                assert claims._resolve_generic(row, ctx, pos) == _ref_resolve_generic(row, ctx, pos), (se.text, pos)
                checked += 1
            generic += lexicons.truthy(row.get("generic", "false"))
    assert generic >= 12 and checked > 100
    # the article has several monitors: 'the monitor' is the nearest one before, not always the first
    resolved = {r["claimant"] for i in range(len(ctx.sentences)) for a in ctx.attributions(i)
                for r in [a.claimant] if "monitor" in a.alias_text.lower()}
    assert {"Syrian Observatory for Human Rights", "Airwars"} <= resolved


def test_surnames_descriptions_sections_sides_and_quotes_as_the_plain_scans():
    ctx = _context()
    words = {w for i in range(len(ctx.sentences)) for a in ctx.raw_attributions(i)
             for w in re.findall(r"[\w'’\-]+", a.alias_text)} | {"Doe", "Nobody"}
    for pos in range(0, len(ctx.text) + 1, 97):
        for w in sorted(words):
            assert ctx.person_named(w, pos) == _ref_person_named(ctx, w, pos), (w, pos)
    assert ctx.person_named("Doe", len(ctx.text))["claimant"] == "UN coordinator"
    names = {str(a.claimant.get("claimant", "")) for i in range(len(ctx.sentences)) for a in ctx.raw_attributions(i)}
    names |= {"Kutum Relief Forum", "KRF", "Geneva-based", "charity"}
    for name in sorted(names):
        assert ctx.described_type(name) == _ref_described_type(ctx, name), name
    assert ctx.described_type("Kutum Relief Forum") == "ngo"
    sections = 0
    for se in ctx.sentences:
        got = ctx.section_place(se)
        assert got == _ref_section_place(ctx.place_hits, ctx.headings, se), se.text
        sections += got is not None
    assert sections >= 6
    for perp in ("Islamic State", "Syrian government", "Syrian Democratic Forces", "nobody"):
        assert claims._enemy_side(perp, ctx.actor_side_counts) == _ref_enemy_side(perp, ctx.actor_hits)
    assert ctx.quotes
    for pos in range(len(ctx.text) + 1):
        assert textmod.in_spans(pos, ctx.quote_index) == textmod.in_spans(pos, ctx.quotes)


def test_paragraph_runs():
    ctx = _context(2)
    for i, se in enumerate(ctx.sentences):
        first = i
        while first > 0 and ctx.sentences[first - 1].paragraph == se.paragraph:
            first -= 1
        assert ctx.paragraph_first[i] == first


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12), st.integers(-2, 95))
def test_span_index_is_the_scan(pairs, pos):
    spans = [(s, s + w) for s, w in pairs]
    assert (pos in textmod.SpanIndex(spans)) == any(s <= pos < e for s, e in spans)


def test_long_article_claims_keep_their_claimants():
    """Each block of a long article gets the claims (claimants included: 'the monitor' is the
    nearest monitor before it) it gets standing alone."""
    one = claims.claims_from_text("Raids across the north\n\n" + BLOCK, published="2024-06-03", outlet="The Daily")
    many = claims.claims_from_text("Raids across the north\n\n" + BLOCK * 5, published="2024-06-03", outlet="The Daily")
    cols = ["count_low", "kind", "victims", "claimant", "claimant_type", "place"]
    n = len(one)
    assert n >= 12 and len(many) == 5 * n
    assert one["claimant"].tolist()[:3] == ["Syrian Observatory for Human Rights"] * 2 + ["Airwars"]
    for b in range(5):
        block = many[cols].iloc[b * n:(b + 1) * n].reset_index(drop=True)
        assert block.equals(one[cols]), b
