"""Every step's form: valid answers, missing answers, and hostile input."""

import pytest

from intake.public.form_base import HONEYPOT
from intake.public.forms import FORMS
from tests.intake.factories import valid_posts

STEPS = list(FORMS)
HUGE = "x" * 1_000_000
NUL = "abc\x00def"


def form_for(step, data):
    return FORMS[step](data=data)


@pytest.mark.parametrize("step", STEPS)
def test_each_form_accepts_valid_answers(step):
    form = form_for(step, valid_posts()[step])
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("step", STEPS)
def test_each_form_refuses_an_empty_submission(step):
    form = form_for(step, {})
    assert not form.is_valid()
    assert form.errors


@pytest.mark.parametrize("step", STEPS)
def test_each_required_question_has_its_own_message(step):
    form = form_for(step, {})
    form.is_valid()
    for name, field in form.fields.items():
        if field.required:
            assert form.errors[name], name
            assert "This field is required" not in form.errors[name][0]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("hostile", [HUGE, NUL, "\ud800", "<script>x</script>", "-1"])
def test_each_form_refuses_hostile_values_in_every_field(step, hostile):
    valid = valid_posts()[step]
    for name in valid:
        if name == "consent":
            continue  # a checkbox: any value means ticked (tested below)
        data = {**valid, name: hostile}
        form = form_for(step, data)
        if name in ("hopes", "name") and hostile in ("<script>x</script>", "-1"):
            assert form.is_valid()  # plain text is allowed; it is escaped on output
            continue
        assert not form.is_valid(), (name, hostile)


@pytest.mark.parametrize("step", STEPS)
def test_each_form_ignores_extra_fields(step):
    data = {**valid_posts()[step], "is_staff": "1", "urgent": "0", "phq9_total": "0"}
    form = form_for(step, data)
    assert form.is_valid()
    assert not {"is_staff", "urgent", "phq9_total"} & set(form.answers())


@pytest.mark.parametrize("step", STEPS)
def test_a_filled_honeypot_refuses_the_form(step):
    form = form_for(step, {**valid_posts()[step], HONEYPOT: "http://spam.example"})
    assert not form.is_valid()
    assert "We could not accept this form" in form.non_field_errors()[0]
    assert HONEYPOT not in form.errors


@pytest.mark.parametrize("step", STEPS)
def test_answers_never_include_the_honeypot(step):
    form = form_for(step, valid_posts()[step])
    assert form.is_valid()
    assert HONEYPOT not in form.answers()


def test_phq9_answers_are_whole_numbers():
    form = form_for("phq9", valid_posts()["phq9"])
    assert form.is_valid()
    assert [form.cleaned_data[f"phq9_{n}"] for n in range(1, 10)] == [1] * 8 + [0]


@pytest.mark.parametrize("value", ["4", "-1", "1.0", "one", ""])
def test_phq9_refuses_a_score_that_is_not_an_option(value):
    form = form_for("phq9", {**valid_posts()["phq9"], "phq9_9": value})
    assert not form.is_valid()
    assert form.errors["phq9_9"] == ["Select an answer for question 9"]


def test_the_phq9_difficulty_item_is_optional():
    data = {k: v for k, v in valid_posts()["phq9"].items() if k != "phq9_difficulty"}
    assert form_for("phq9", data).is_valid()


AGES = [
    ("17", True), ("1", True), ("120", True),
    ("0", False), ("121", False), ("34.5", False), ("9" * 5000, False),
]  # fmt: skip


@pytest.mark.parametrize(("age", "valid"), AGES)
def test_age_must_be_a_whole_number_of_years(age, valid):
    assert form_for("about", {"age": age, "state": "CA"}).is_valid() is valid


def test_state_must_be_one_of_the_listed_places():
    form = form_for("about", {"age": "30", "state": "ZZ"})
    assert form.errors["state"] == ["Select the state you live in"]


def test_outside_the_us_is_a_valid_answer():
    assert form_for("about", {"age": "30", "state": "outside_us"}).is_valid()


@pytest.mark.parametrize("exclusive", ["none", "not_sure"])
def test_none_or_not_sure_cannot_be_combined_with_a_medicine(exclusive):
    form = form_for("medicines", {"medicines": ["lamotrigine", exclusive]})
    assert not form.is_valid()


def test_several_medicines_can_be_chosen():
    form = form_for("medicines", {"medicines": ["lamotrigine", "stimulants"]})
    assert form.is_valid()


def test_none_of_these_treatments_cannot_be_combined():
    data = {**valid_posts()["treatment"], "past_treatments": ["none", "tms"]}
    assert not form_for("treatment", data).is_valid()


def test_hopes_over_1000_characters_are_refused_with_the_limit_named():
    data = {**valid_posts()["goals"], "hopes": "x" * 1001}
    form = form_for("goals", data)
    assert form.errors["hopes"] == ["Keep your answer to 1000 characters or fewer"]


def details(**changes):
    return {**valid_posts()["details"], **changes}


def test_contact_details_need_an_email_or_a_phone():
    form = form_for("details", details(email="", phone=""))
    assert form.errors["email"] == ["Enter an email address or a phone number"]


def test_a_phone_alone_is_enough_for_a_call():
    assert form_for("details", details(email="", method="phone")).is_valid()


def test_email_contact_needs_an_email_address():
    form = form_for("details", details(email="", method="email"))
    assert "Enter your email address" in form.errors["email"][0]


def test_a_text_message_needs_a_phone_number():
    form = form_for("details", details(phone="", method="text"))
    assert "Enter your phone number" in form.errors["phone"][0]


@pytest.mark.parametrize(
    "phone", ["12345", "call me", "+1 555 123 4567 89012", "555;DROP"]
)
def test_an_implausible_phone_number_is_refused(phone):
    form = form_for("details", details(phone=phone))
    assert form.errors["phone"] == ["Enter a phone number, like 555 123 4567"]


@pytest.mark.parametrize(
    "phone", ["555 123 4567", "(555) 123-4567", "+44 20 7946 0958"]
)
def test_common_phone_formats_are_accepted(phone):
    assert form_for("details", details(phone=phone)).is_valid()


def test_an_invalid_email_is_refused_with_an_example():
    form = form_for("details", details(email="not-an-email"))
    assert "like name@example.com" in form.errors["email"][0]


def test_consent_must_be_given_explicitly():
    data = details()
    del data["consent"]
    form = form_for("details", data)
    assert "Tick the box to agree" in form.errors["consent"][0]


def test_the_consent_box_is_unticked_by_default():
    form = FORMS["details"]()
    assert "checked" not in str(form["consent"])


@pytest.mark.parametrize("value", ["on", "x" * 100_000, "\x00"])
def test_any_value_of_the_consent_box_means_ticked_and_is_stored_as_true(value):
    form = form_for("details", details(consent=value))
    assert form.is_valid()
    assert form.cleaned_data["consent"] is True


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "\ud800", "esc\x1b[31m"])
def test_free_text_refuses_control_characters_and_broken_unicode(text):
    assert not form_for("goals", {**valid_posts()["goals"], "hopes": text}).is_valid()
    assert not form_for("details", details(name=text)).is_valid()


def test_free_text_keeps_line_breaks_and_accents():
    text = "Dormir mieux.\nRetrouver l\u2019\u00e9nergie \U0001f642"
    form = form_for("goals", {**valid_posts()["goals"], "hopes": text})
    assert form.is_valid()
    assert form.cleaned_data["hopes"] == text


@pytest.mark.parametrize("step", STEPS)
def test_each_form_gets_fields_of_its_own(step):
    # Option lists are shared between form instances (cheaper to set up); the
    # fields, widgets and their attributes must still be each form's own.
    first, second = FORMS[step](), FORMS[step]()
    for name, field in first.fields.items():
        other = second.fields[name]
        assert field is not other
        assert field.widget is not other.widget
        assert field.widget.attrs is not other.widget.attrs
        if hasattr(field, "choices"):
            assert list(field.choices) == list(other.choices)
            field.choices = [("only", "Only option")]
            field.widget.attrs["data-changed"] = "1"
            assert list(other.choices) != [("only", "Only option")]
            assert "data-changed" not in other.widget.attrs
            assert list(FORMS[step]().fields[name].choices) == list(other.choices)
