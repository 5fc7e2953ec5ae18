"""The content checks, in one place: every figure sourced, every reference complete,
no claim its sources do not support, a timeline that agrees with its words, and
text that reads at about grade 8.

Scope: every topic page and FAQ file in education/content/ (read from the files,
so a new page is checked as soon as it exists), and every public template
(templates/, except templates/admin/).

Figures. A figure is a percentage; a number, in digits or spelled out from "two"
up, followed (at most one word later) by something counted (people, patients,
sessions, infusions, doses, days, weeks, months, hours, clinics, trials, mg, ...);
a ratio ("7 in 10", "537 of 9,016", "half of"); or a hazard ratio. Years, "PHQ-9"
and phone numbers are not figures.
- On a topic page, a paragraph or list item that states a figure carries a [n]
  citation marker in the same paragraph or list item. The summary and the meta
  description cannot carry a marker, so they state no figure.
- An FAQ answer has no reference list, so instead each paragraph or list item that
  states a figure names its source in words, as a parenthesis holding a name and a
  year, "(Zarate and others, 2006)", and the answer links to a /learn/ page, where
  the reference is given in full.

References. Each names its authors (surname and initials, or an organisation), the
year, a title, and where it was published: a journal with volume and pages (or an
article number) or a DOI; a label with its revision date; a book with its edition;
an agency notice with its full date.

Banned claims. Sentences the sources do not support (a permanent cure, sublingual
or oral ketamine "more sustainable", staff checking blood pressure or supervising
sessions outside a clinic, "known to" shorten, Andrade's dosing paper cited for
interactions, "sudden" thoughts of suicide, what health plans usually cover, ...)
appear nowhere, and no paragraph about insurance cites the FDA's 2023 warning;
some are allowed in a negated sentence ("not a permanent cure").
"""

import html
import re
from pathlib import Path

import pytest

from education import timeline
from education.content_files import CONTENT_DIR, read_content
from education.markdown import CITATION_MARKER, render_body

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

SPELLED = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|hundred"
)
COUNTED = (
    r"people|persons?|patients?|veterans?|participants?|adults?|subjects?|"
    r"responders?|sessions?|infusions?|doses?|treatments?|injections?|sprays?|"
    r"days?|weeks?|months?|years?|hours?|minutes?|clinics?|practices?|"
    r"hospitals?|antidepressants?|mg|milligrams?"
)
# A number that is not a year (1900-2099) and not part of a name like PHQ-9.
NUMBER = rf"(?<![\w-])(?:(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?|{SPELLED})"
FIGURE = re.compile(
    rf"\d(?:\.\d+)?\s?%|\bpercent\b"
    rf"|{NUMBER}(?:\s+[a-z-]+)?\s+(?:{COUNTED})\b"
    rf"|{NUMBER}\s+(?:in|of|out of)\s+{NUMBER}\b"
    rf"|\bhalf of\b|\bHR\s?\d",
    re.I,
)
SOURCE_IN_WORDS = re.compile(r"\([A-Z][^()]*\b(?:19|20)\d\d\)")
TOPIC_LINK = re.compile(r"\]\(/learn/[a-z0-9-]+/")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+")


def blocks(markdown: str) -> list[str]:
    """The paragraphs and list items of a Markdown text, headings left out."""
    found = []
    for chunk in re.split(r"\n\s*\n", markdown):
        lines = [line for line in chunk.splitlines() if not line.startswith("#")]
        current: list[str] = []
        for line in lines:
            if LIST_ITEM.match(line) and current:
                found.append(" ".join(current))
                current = []
            current.append(line.strip())
        if current:
            found.append(" ".join(current))
    return [block for block in found if block and "[[figure:" not in block]


def uncited_topic_figures(markdown: str) -> list[str]:
    return [
        block
        for block in blocks(markdown)
        if FIGURE.search(block) and not CITATION_MARKER.search(block)
    ]


def unsourced_faq_figures(answer: str) -> list[str]:
    bad = [
        block
        for block in blocks(answer)
        if FIGURE.search(block) and not SOURCE_IN_WORDS.search(block)
    ]
    if any(FIGURE.search(block) for block in blocks(answer)) and not (
        TOPIC_LINK.search(answer)
    ):
        bad.append("(no link to a topic page) " + answer[:80])
    return bad


# Reference completeness.
PERSON = re.compile(r"^[A-Z][A-Za-z'\u2019-]+(?: [A-Z][a-z]+)? [A-Z]{1,3}\b")
ORGANISATION = re.compile(
    r"^[^(]{0,80}?\b(?:Administration|Pharmaceuticals|Association|Organization|Agency"
    r"|Institute|Council|Society|Department)\b"
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
JOURNAL_PLACE = re.compile(
    r"[A-Z][A-Za-z&.\u2019' -]+ \d+(?:\(\d+\))?:\s?"
    r"(?:e?\d+[\u2013-]e?\d+|\d+m\d+|\d+)\b"
)
DOI = re.compile(r"\bdoi:\s?10\.\d{4,}/\S+", re.I)
EDITION = re.compile(r"\b\d+(?:st|nd|rd|th) edition\b", re.I)
REVISION = re.compile(r"\b(?:revision|revised)\b[^.]*\b(?:19|20)\d\d\b", re.I)
FULL_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d\b")
# An article (a journal, or a volume and issue) needs its pages or a DOI; a date
# alone places only a notice, a revision a label, an edition a book.
ARTICLE = re.compile(r"\bJournal\b|[A-Za-z] \d+\(\d+\)")


def reference_problems(citation: str) -> list[str]:
    """What a citation lacks: authors, year, title, or where it was published."""
    problems = []
    if not (PERSON.match(citation) or ORGANISATION.match(citation)):
        problems.append("authors: surname and initials, or an organisation, first")
    if not YEAR.search(citation):
        problems.append("no year")
    parts = [part for part in re.split(r"[.?]\s+", citation) if part]
    if not any(
        len(part.split()) >= 2 and not (JOURNAL_PLACE.search(part) or DOI.search(part))
        for part in parts[1:]
    ):
        problems.append("no title")
    published = (
        JOURNAL_PLACE.search(citation)
        or DOI.search(citation)
        or (
            not ARTICLE.search(citation)
            and (
                EDITION.search(citation)
                or REVISION.search(citation)
                or FULL_DATE.search(citation)
            )
        )
    )
    if not published:
        problems.append(
            "no journal volume and pages, DOI, edition, revision or full date"
        )
    return problems


# Banned claims: (name, pattern, allowed when the same sentence matches this).
NEGATED = r"\b(?:not|no|never|nobody|none|isn't|aren't|without)\b"
BANNED = [
    (
        "a permanent cure",
        r"\bpermanent cure\b|\bcures? depression (?:for good|permanently)",
        NEGATED,
    ),
    (
        "sublingual or oral 'more sustainable'",
        r"\b(?:sublingual|oral|lozenges?|tablets?)\b[^.]*\bmore sustainable\b"
        r"|\bmore sustainable\b[^.]*\b(?:sublingual|oral|lozenges?|tablets?)\b",
        r"\b(?:no study|not|no evidence|never|claim)\b",
    ),
    (
        "staff checking blood pressure or supervising, not said of a clinic",
        r"\b(?:staff|clinicians?|nurses?|doctors?|team)\b[^.]*"
        r"\b(?:checks?|checked|monitors?|measures?|watch(?:es)?|supervises?)\b"
        r"[^.]*\b(?:blood pressure|you|sessions?)\b"
        r"|\bsessions? (?:are|is) (?:supervised|monitored)\b"
        r"|\bblood pressure is (?:checked|monitored|measured)\b",
        r"\bclinic\b|\bin-clinic\b|\bcertified setting",
    ),
    (
        "'known to' shorten or weaken",
        r"\bknown to (?:shorten|weaken|blunt|reduce|affect|change|make)\b",
        None,
    ),
    (
        "severity, chronicity or stopping care shortens the effect",
        r"\b(?:severe|severity|chronic|long-lasting|longer-lasting"
        r"|lasted for many years|stopping (?:all )?follow-up care)\b"
        r"[^.]*\b(?:shorter|shortens?|weaker)\b",
        r"\b(?:no study|we found no|not|no source)\b",
    ),
    (
        "Andrade part 4 (e852-e857) for interactions",
        r"e852[^\n]*(?:interaction|benzodiazepin|other medicines)"
        r"|(?:interaction|benzodiazepin|other medicines)[^\n]*e852",
        None,
    ),
    ("'long stretches'", r"\blong stretches\b", None),
    (
        "stricter checks before at-home treatment",
        r"\bstricter\b[^.]*\bchecks?\b|\bchecks?\b[^.]*\bare stricter\b",
        None,
    ),
    (
        "boosters as a tested protocol",
        r"\bboosters?\b[^.]*\b(?:in studies|tested|proven|shown to work)\b",
        r"\bno study\b|\bnot\b",
    ),
    (
        "'weekly maintenance' (Phillips ran four weekly infusions)",
        r"\bweekly maintenance\b",
        None,
    ),
    ("symptoms come back 'within days'", r"\bcome back within days\b", None),
    ("an unsourced 70% for SUSTAIN-1", r"(?<![\d.])70\s?%", None),
    ("a fixed series length without a source", r"\bsix to eight sessions\b", None),
    (
        "what health plans usually cover (no source says)",
        r"\b(?:health plans?|insurers?|insurance)\b[^.]*"
        r"\b(?:often|usually|typically|generally)\b[^.]*\b(?:cover|pay)",
        None,
    ),
    (
        "'sudden' thoughts of suicide (the label: current suicidal thoughts or acts)",
        r"\bsudden thoughts of suicide\b",
        None,
    ),
]

# The FDA's 2023 warning says nothing about insurance, so no paragraph or list
# item about insurance may cite it.
INSURANCE = re.compile(
    r"\b(?:insurance|insurers?|health plans?|coverage|covers?)\b", re.I
)


def is_fda_warning(citation: str) -> bool:
    return "Food and Drug Administration" in citation and "compounded" in citation


def insurance_claims_citing(markdown: str, numbers: set[int]) -> list[str]:
    """Paragraphs and list items about insurance whose [n] markers cite one of
    `numbers`."""
    return [
        block
        for block in blocks(markdown)
        if INSURANCE.search(block)
        and any(
            int(n) in numbers
            for marker in CITATION_MARKER.finditer(block)
            for n in re.split(r",\s?", marker[1])
        )
    ]


def sentences(text: str) -> list[str]:
    """Sentences, never running across a paragraph, list item or heading."""
    found = []
    for unit in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s|#)", text):
        unit = " ".join(unit.split())
        found += re.split(r"(?<=[.!?:;])\s+(?=[A-Z*\[(])", unit)
    return [sentence for sentence in found if sentence]


def banned_claims(text: str, *, whole: bool = False) -> list[tuple[str, str]]:
    """(claim, sentence) for each banned claim in the text. `whole` keeps the text
    as one unit (a reference citation, whose parts end in full stops)."""
    units = [" ".join(text.split())] if whole else sentences(text)
    found = []
    # A question ("Is ketamine a permanent cure?") asks; it does not claim.
    for unit in (unit for unit in units if not unit.rstrip("*").endswith("?")):
        for name, pattern, allowed in BANNED:
            if re.search(pattern, unit, re.I) and not (
                allowed and re.search(allowed, unit, re.I)
            ):
                found.append((name, unit))
    return found


@pytest.fixture(scope="module")
def content():
    return read_content(CONTENT_DIR)


def public_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        if "admin" not in path.relative_to(TEMPLATES_DIR).parts
    ]


# Figures ----------------------------------------------------------------------


def test_every_figure_on_a_topic_page_carries_a_citation_marker(content):
    topics, _ = content
    assert topics
    problems = {t.slug: uncited_topic_figures(t.body) for t in topics}
    assert {slug: found for slug, found in problems.items() if found} == {}


def test_topic_summaries_and_descriptions_state_no_figure(content):
    topics, _ = content
    for page in topics:
        for field in (page.summary, page.meta_description):
            assert not FIGURE.search(field), (page.slug, FIGURE.search(field))


def test_every_figure_in_an_faq_answer_names_its_source_and_links_a_topic(content):
    _, groups = content
    entries = [entry for group in groups for entry in group.entries]
    assert entries
    problems = {e.slug: unsourced_faq_figures(e.answer) for e in entries}
    assert {slug: found for slug, found in problems.items() if found} == {}


@pytest.mark.parametrize(
    "block",
    [
        "A typical plan is a series, often six to eight sessions over two to three "
        "weeks.",
        "In VA clinics, sessions were spaced from every 5 days to every 3 to 4 weeks.",
        "About 7 in 10 responded.",
        "Relapse happened in 26.7% of those who kept going.",
        "Half of them had relapsed by then.",
        "- Of 537 of 9,016 patients, most had usable data.",
    ],
)
def test_the_figure_check_catches_an_uncited_figure(block):
    assert uncited_topic_figures(block)
    assert uncited_topic_figures(block + " [1]") == []


@pytest.mark.parametrize(
    "block",
    [
        "Ketamine is not a permanent cure.",
        "In the 2019 study, the PHQ-9 was used.",
        "Call or text 988, or text HOME to 741741.",
        "Press 1 for the Veterans Crisis Line.",
        "after a week or a few weeks",
    ],
)
def test_the_figure_check_leaves_years_names_and_phone_numbers_alone(block):
    assert uncited_topic_figures(block) == []


def test_an_faq_figure_without_a_source_in_words_is_caught():
    answer = "About 80% were still well at 4 weeks. See [the page](/learn/x/)."
    assert unsourced_faq_figures(answer)
    sourced = answer.replace("4 weeks.", "4 weeks (McInnes and others, 2022).")
    assert unsourced_faq_figures(sourced) == []
    assert unsourced_faq_figures(sourced.replace("(/learn/x/)", "(/faq/)"))


# References -------------------------------------------------------------------


def test_every_reference_is_complete(content):
    topics, _ = content
    problems = {
        (page.slug, ref.citation[:60]): reference_problems(ref.citation)
        for page in topics
        for ref in page.references
    }
    assert {key: found for key, found in problems.items() if found} == {}


@pytest.mark.parametrize(
    "citation",
    [
        "Zarate et al. (2006). Archives of General Psychiatry 63:856\u2013864. A.",
        "Ketamine infusions in Veterans Affairs (VA) practice. Journal of Clinical "
        "Psychiatry (2024) 85(1):23m14984.",
        "Spravato (esketamine) nasal spray. U.S. prescribing information.",
        "Miller's Anesthesia. The standard textbook of anesthesia, on ketamine.",
        "Smith J (2020). A title with no journal.",
    ],
)
def test_an_incomplete_reference_is_caught(citation):
    assert reference_problems(citation)


# Banned claims ----------------------------------------------------------------


def test_no_shipped_content_makes_a_banned_claim(content):
    topics, groups = content
    found = []
    for page in topics:
        for text in (page.title, page.summary, page.meta_description, page.body):
            found += [(page.slug, *claim) for claim in banned_claims(text)]
        for ref in page.references:
            found += [
                (page.slug, *claim) for claim in banned_claims(ref.citation, whole=True)
            ]
    for group in groups:
        for entry in group.entries:
            for text in (entry.question, entry.answer):
                found += [(entry.slug, *claim) for claim in banned_claims(text)]
    assert found == []


def test_no_public_template_makes_a_banned_claim():
    templates = public_templates()
    assert templates
    found = [
        (path.name, *claim)
        for path in templates
        for claim in banned_claims(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Ketamine is a permanent cure for depression.", "a permanent cure"),
        ("Sublingual ketamine is more sustainable than IV.", "more sustainable"),
        ("Staff check your blood pressure and how you feel.", "staff checking"),
        ("This is one reason sessions are supervised.", "staff checking"),
        ("Some things are known to weaken or shorten the effect.", "'known to'"),
        (
            "Depression that is more severe is linked to a weaker or shorter effect.",
            "severity",
        ),
        ("Stopping all follow-up care is linked to a shorter benefit.", "severity"),
        ("Some people stay well for long stretches.", "long stretches"),
        ("That is why the health checks before treatment are stricter.", "stricter"),
        ("Maintenance or booster sessions helped people in studies [5].", "boosters"),
        ("Weekly maintenance infusions kept the gains going.", "weekly maintenance"),
        ("Symptoms often come back within days.", "within days"),
        ("Continuing lowered the risk by 70% for responders.", "70%"),
        ("It is approved for depression with sudden thoughts of suicide.", "sudden"),
        ("Health plans often cover esketamine.", "health plans"),
        ("Insurers usually do not pay for ketamine.", "health plans"),
    ],
)
def test_the_banned_claim_check_catches(sentence, claim):
    assert any(claim in name for name, _ in banned_claims(sentence)), sentence


def test_no_topic_page_cites_the_fda_warning_for_insurance(content):
    topics, _ = content
    found = {}
    for page in topics:
        fda = {
            number
            for number, ref in enumerate(page.references, start=1)
            if is_fda_warning(ref.citation)
        }
        if claims := insurance_claims_citing(page.body, fda):
            found[page.slug] = claims
    assert found == {}


def test_the_insurance_check_catches_the_fda_warning_cited_for_coverage():
    body = "Ketamine is off-label [1, 2]. Health plans may not cover it."
    assert insurance_claims_citing(body, {2})
    assert insurance_claims_citing(body, {3}) == []
    assert (
        insurance_claims_citing("It is off-label [2].\n\nAsk your insurer.", {2}) == []
    )


def test_the_banned_claim_check_catches_andrade_part_4_cited_for_interactions():
    citation = (
        "Andrade (2017). Journal of Clinical Psychiatry 78:e852\u2013e857. How other "
        "medicines, including benzodiazepines, can change ketamine's effect."
    )
    assert banned_claims(citation, whole=True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ketamine is not a permanent cure for depression.",
        "No study shows that sublingual ketamine is more sustainable than IV.",
        "In a clinic, staff watch you and check your blood pressure.",
        "We found no study showing that more severe depression makes relief shorter.",
        "No study has tested boosters against other plans.",
        "About 7 in 10 (70.8%) responded [2].",
    ],
)
def test_the_banned_claim_check_allows_the_honest_version(sentence):
    assert banned_claims(sentence) == []


# The timeline figure ----------------------------------------------------------

BAR = re.compile(
    r'<rect class="timeline__bar timeline__bar--(?P<kind>likely|fading)" '
    r'x="(?P<x>[\d.]+)" y="(?P<y>\d+)" width="(?P<width>[\d.]+)"'
)
SESSION = re.compile(r'<use href="#timeline-session" x="(?P<x>[\d.]+)" y="(?P<y>\d+)"')


@pytest.fixture(scope="module")
def figure_html():
    return render_body("[[figure:duration-timeline]]")


def drawn_lanes(figure_html: str) -> list[dict]:
    """The bars and session marks of each lane, read back from the SVG in days."""
    lanes: dict[int, dict] = {}
    for match in BAR.finditer(figure_html):
        lane = lanes.setdefault(int(match["y"]), {"bars": [], "sessions": []})
        start = timeline.day_of(float(match["x"]))
        end = timeline.day_of(float(match["x"]) + float(match["width"]))
        lane["bars"].append((match["kind"], round(start, 1), round(end, 1)))
    for match in SESSION.finditer(figure_html):
        # A lane's session marks sit 8 px above its bars; the legend's mark has
        # no lane below it.
        lane = lanes.get(int(match["y"]) + 8)
        if lane is not None:
            lane["sessions"].append(round(timeline.day_of(float(match["x"])), 1))
    return [lanes[y] for y in sorted(lanes)]


def test_the_timeline_draws_exactly_what_its_data_says(figure_html):
    drawn = drawn_lanes(figure_html)
    assert len(drawn) == len(timeline.LANES)
    for lane, picture in zip(timeline.LANES, drawn, strict=True):
        assert picture["sessions"] == pytest.approx(list(lane.sessions), abs=0.1)
        kinds = [kind for kind, _, _ in picture["bars"]]
        assert kinds == (["likely", "fading"] if lane.fades_after else ["likely"])
        _, start, end = picture["bars"][0]
        assert (start, end) == pytest.approx((0, lane.relief_until), abs=0.1)


def test_no_relief_likely_bar_runs_past_the_point_its_study_cites(figure_html):
    for lane, picture in zip(timeline.LANES, drawn_lanes(figure_html), strict=True):
        _, _, end = picture["bars"][0]
        assert end <= lane.cited_limit + 0.05, lane.title


def test_a_relapse_point_in_words_matches_the_day_it_is_drawn_at():
    for lane in timeline.LANES:
        after = re.search(r"(\d+) days after the last session", lane.limit_reason)
        if after:
            assert lane.cited_limit == lane.last_session + int(after[1]), lane.title


def test_the_timeline_text_alternatives_come_from_the_same_data(figure_html):
    words = [
        html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", figure_html, re.S)
    ]
    assert words == [lane.words() for lane in timeline.LANES]
    desc = re.search(r'<desc id="timeline-desc">(.*?)</desc>', figure_html, re.S)
    assert html.unescape(desc[1]) == timeline.description()
    for lane in timeline.LANES:
        assert f"day {lane.relief_until}" in lane.words()
        assert f">{html.escape(lane.title)}</text>" in figure_html


def test_the_timeline_says_its_bars_show_responders_and_some_did_not_respond(
    figure_html,
):
    text = html.unescape(figure_html)
    assert "did not respond" in timeline.NOT_EVERYONE
    assert f"<p>{timeline.NOT_EVERYONE}</p>" in text
    assert timeline.description().endswith(timeline.NOT_EVERYONE)
    for lane in timeline.LANES:
        assert "responded" in lane.responded, lane.title
        assert f'font-size="11">{lane.responded}</text>' in text, lane.title
        assert f"{lane.responded}. Among those who responded, relief" in lane.words()


def test_each_timeline_lane_cites_a_reference_of_the_page_that_shows_it(content):
    topics, _ = content
    pages = [t for t in topics if "[[figure:duration-timeline]]" in t.body]
    assert pages
    for page in pages:
        for lane in timeline.LANES:
            surname, year = re.match(r"(\w+)\D*(\d{4})", lane.source).groups()
            assert any(
                ref.citation.startswith(surname) and f"({year})" in ref.citation
                for ref in page.references
            ), (page.slug, lane.source)


# --- references present, no placeholders ----------------------------------------


def test_every_topic_cites_its_references_and_has_a_review_date(content):
    for page in content[0]:
        assert page.references, page.slug
        assert page.last_reviewed is not None, page.slug


def test_no_reference_is_a_placeholder(content):
    for page in content[0]:
        for reference in page.references:
            text = reference.citation.lower()
            for placeholder in ("will be added", "todo", "tbd", "pending"):
                assert placeholder not in text, (page.slug, reference.citation)


# --- reading level ----------------------------------------------------------------


# Flesch-Kincaid grade, with a simple syllable count: an estimate, kept as a guard
# against the text drifting far from the grade-8 aim.
def _syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", re.sub(r"^y", "", word))))


def _grade(markdown: str) -> float:
    text = re.sub(r"\[\[figure:[^\]]*\]\]|\s*\[\d+(?:,\s?\d+)*\]", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\n\s*\n", ".\n", re.sub(r"[*#`>]", "", text))
    sentences = [s for s in re.split(r"[.!?]+(?:\s|$)", text) if re.search("[a-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def test_topic_pages_read_at_about_grade_eight(content):
    for page in content[0]:
        assert _grade(page.summary + "\n\n" + page.body) <= 9, page.slug


def test_faq_answers_read_at_about_grade_eight(content):
    for group in content[1]:
        answers = "\n\n".join(e.question + "\n\n" + e.answer for e in group.entries)
        assert _grade(answers) <= 9, group.slug
