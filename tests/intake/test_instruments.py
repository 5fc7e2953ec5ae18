"""The questionnaires as data: published wording, options, codes."""

import pytest

from intake.domain.instruments import GAD7, INSTRUMENTS, PHQ9, PHQ9_ITEM9

PUBLISHED_PHQ9 = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself \u2014 or that you are a failure or have let "
    "yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching "
    "television",
    "Moving or speaking so slowly that other people could have noticed? Or the "
    "opposite \u2014 being so fidgety or restless that you have been moving around "
    "a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
PUBLISHED_GAD7 = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]


def test_phq9_items_are_worded_exactly_as_published():
    assert [item.text for item in PHQ9.items] == PUBLISHED_PHQ9


def test_gad7_items_are_worded_exactly_as_published():
    assert [item.text for item in GAD7.items] == PUBLISHED_GAD7


def test_stems_are_worded_exactly_as_published():
    assert PHQ9.stem == (
        "Over the last 2 weeks, how often have you been bothered by any of the "
        "following problems?"
    )
    assert GAD7.stem == (
        "Over the last 2 weeks, how often have you been bothered by the following "
        "problems?"
    )


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=["PHQ-9", "GAD-7"])
def test_options_are_the_four_standard_answers_scored_0_to_3(instrument):
    assert [(o.value, o.label, o.loinc) for o in instrument.options] == [
        (0, "Not at all", "LA6568-5"),
        (1, "Several days", "LA6569-3"),
        (2, "More than half the days", "LA6570-1"),
        (3, "Nearly every day", "LA6571-9"),
    ]


def test_phq9_loinc_codes_match_the_panel():
    assert PHQ9.panel_loinc == "44249-1"
    assert PHQ9.total_loinc == "44261-6"
    assert [item.loinc for item in PHQ9.items] == [
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
        "44258-2", "44252-5", "44253-3", "44260-8",
    ]  # fmt: skip


def test_gad7_loinc_codes_match_the_panel():
    assert GAD7.panel_loinc == "69737-5"
    assert GAD7.total_loinc == "70274-6"
    assert [item.loinc for item in GAD7.items] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]  # fmt: skip


def test_phq9_difficulty_item_is_unscored_with_its_own_codes():
    (difficulty,) = PHQ9.extra_items
    assert difficulty.loinc == "69722-7"
    assert difficulty.link_id not in PHQ9.link_ids
    assert [(c.label, c.loinc) for c in difficulty.choices] == [
        ("Not difficult at all", "LA6572-7"),
        ("Somewhat difficult", "LA6573-5"),
        ("Very difficult", "LA6575-0"),
        ("Extremely difficult", "LA6574-3"),
    ]


def test_item9_is_the_ninth_phq9_item():
    assert PHQ9_ITEM9.number == 9
    assert PHQ9_ITEM9.loinc == "44260-8"


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=["PHQ-9", "GAD-7"])
def test_bands_cover_every_total_once_without_gaps(instrument):
    covered = [t for band in instrument.bands for t in range(band.low, band.high + 1)]
    assert covered == list(range(instrument.max_total + 1))


@pytest.mark.parametrize("instrument", [PHQ9, GAD7], ids=["PHQ-9", "GAD-7"])
def test_every_instrument_has_a_version_and_unique_link_ids(instrument):
    assert instrument.version
    assert len(set(instrument.link_ids)) == len(instrument.items)
    assert INSTRUMENTS[instrument.key] is instrument


def test_maximum_totals_are_27_and_21():
    assert (PHQ9.max_total, GAD7.max_total) == (27, 21)
