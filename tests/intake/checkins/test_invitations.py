"""Check-in invitations: sent when due, once (re-runs and concurrent runs),
retried after a failed send up to a limit, skipped when the follow-up is not
active; an email without health data whose link works for one check-in until
it expires or is used; unsubscribing; the management command."""

from __future__ import annotations

import hashlib
import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection

from intake.checkins import (
    MAX_ATTEMPTS,
    CheckInClosed,
    check_in_for_token,
    check_in_invitations_send,
    follow_up_enrol,
    follow_up_set_status,
    follow_up_unsubscribe,
)
from intake.domain.followup import Preset
from intake.models import CheckIn, FollowUp, FollowUpEvent, hash_token
from tests.intake.checkins.conftest import (
    BASELINE,
    START,
    answer_and_complete,
    at,
    day,
    link_token,
    send_at,
)
from tests.intake.factories import build

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


FAILING_MAIL = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
LOCMEM_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def statuses(follow_up: FollowUp) -> list[str]:
    return list(follow_up.check_ins.values_list("invitation_status", flat=True))


def test_nothing_is_sent_before_the_first_due_date(follow_up, mailoutbox):
    due_day_begins = day(7).replace(hour=0)  # UTC is the site's time zone
    counts = send_at(due_day_begins - timedelta(seconds=1))
    assert counts == {"sent": 0, "failed": 0, "skipped": 0}
    assert mailoutbox == []
    assert set(statuses(follow_up)) == {CheckIn.Invitation.SCHEDULED}


def test_a_due_invitation_is_sent_on_its_due_day(follow_up, mailoutbox, assessment):
    assert send_at(day(7)) == {"sent": 1, "failed": 0, "skipped": 0}
    first = follow_up.check_ins.get(sequence=1)
    assert first.invitation_status == CheckIn.Invitation.SENT
    assert first.sent_at == day(7)
    (message,) = mailoutbox
    assert message.to == [assessment.contact_email]


def test_due_invitations_are_sent_exactly_once_across_re_runs(follow_up, mailoutbox):
    send_at(day(15))  # two are due: days 7 and 14
    send_at(day(15) + timedelta(minutes=15))
    send_at(day(16))
    assert len(mailoutbox) == 2
    sent = follow_up.check_ins.filter(invitation_status=CheckIn.Invitation.SENT)
    assert list(sent.values_list("sequence", "attempts")) == [(1, 1), (2, 1)]
    invited = follow_up.events.filter(action=FollowUpEvent.Action.INVITED)
    assert [event.detail for event in invited] == [{"sequence": 1}, {"sequence": 2}]


def run_together(count, action):
    """Run `action` in `count` threads released at the same moment."""
    results, errors, barrier = [], [], threading.Barrier(count)

    def run():
        barrier.wait()
        try:
            results.append(action())
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_invitation_exactly_once(mailoutbox):
    with at(START):
        follow_ups = [
            follow_up_enrol(
                assessment=build(phq9=BASELINE),
                request=None,
                preset=Preset.WEEKLY_12_WEEKS,
                starts_on=START.date(),
            )
            for _ in range(3)
        ]
    with at(day(29)):  # four due for each person
        results = run_together(2, check_in_invitations_send)
    assert sum(result["sent"] for result in results) == 12
    assert len(mailoutbox) == 12
    for follow_up in follow_ups:
        sent = follow_up.check_ins.filter(invitation_status=CheckIn.Invitation.SENT)
        assert list(sent.values_list("attempts", flat=True)) == [1, 1, 1, 1]
        invited = follow_up.events.filter(action=FollowUpEvent.Action.INVITED)
        assert invited.count() == 4
    tokens = {link_token(message) for message in mailoutbox}
    assert len(tokens) == 12


def test_a_failed_send_is_left_failed_with_the_attempt_counted(
    follow_up, mailoutbox, settings
):
    settings.MAILERS = FAILING_MAIL
    assert send_at(day(7)) == {"sent": 0, "failed": 1, "skipped": 0}
    first = follow_up.check_ins.get(sequence=1)
    assert first.invitation_status == CheckIn.Invitation.FAILED
    assert (first.attempts, first.last_attempt_at) == (1, day(7))
    assert first.token_hash is None
    assert first.sent_at is None


def test_a_later_run_retries_a_failed_send_and_sends_it(
    follow_up, mailoutbox, settings
):
    settings.MAILERS = FAILING_MAIL
    send_at(day(7))
    settings.MAILERS = LOCMEM_MAIL
    assert send_at(day(7) + timedelta(minutes=15))["sent"] == 1
    first = follow_up.check_ins.get(sequence=1)
    assert first.invitation_status == CheckIn.Invitation.SENT
    assert first.attempts == 2
    assert len(mail.outbox) == 1
    assert first.token_hash == hash_token(link_token(mail.outbox[0]))


def test_retrying_stops_after_max_attempts(follow_up, mailoutbox, settings):
    settings.MAILERS = FAILING_MAIL
    for run in range(MAX_ATTEMPTS + 2):
        send_at(day(7) + timedelta(minutes=15 * run))
    first = follow_up.check_ins.get(sequence=1)
    assert first.attempts == MAX_ATTEMPTS
    settings.MAILERS = LOCMEM_MAIL
    assert send_at(day(8)) == {"sent": 0, "failed": 0, "skipped": 0}
    first.refresh_from_db()
    assert (first.invitation_status, first.attempts) == (
        CheckIn.Invitation.FAILED,
        MAX_ATTEMPTS,
    )
    assert mail.outbox == []


@pytest.mark.parametrize(
    "status", [FollowUp.Status.PAUSED, FollowUp.Status.STOPPED], ids=str
)
def test_due_check_ins_of_a_paused_or_stopped_follow_up_are_skipped(
    follow_up, mailoutbox, status
):
    follow_up_set_status(follow_up=follow_up, request=None, status=status)
    assert send_at(day(15)) == {"sent": 0, "failed": 0, "skipped": 2}
    assert statuses(follow_up)[:3] == [
        CheckIn.Invitation.SKIPPED,
        CheckIn.Invitation.SKIPPED,
        CheckIn.Invitation.SCHEDULED,
    ]
    assert mailoutbox == []


def test_due_check_ins_of_an_unsubscribed_follow_up_are_not_emailed(
    follow_up, mailoutbox
):
    send_at(day(7))
    follow_up_unsubscribe(token=link_token(mailoutbox[0], "check_in:unsubscribe"))
    assert send_at(day(15))["sent"] == 0
    assert len(mailoutbox) == 1
    assert statuses(follow_up)[1] == CheckIn.Invitation.SKIPPED


def test_the_email_holds_no_health_data(follow_up, mailoutbox, assessment):
    send_at(day(7))
    (message,) = mailoutbox
    # The links are random; look only at the words around them.
    words = re.sub(r"https://\S+", "", message.subject + message.body).lower()
    forbidden = [
        "phq", "gad", "depress", "anxi", "score", "item 9", "suicid", "ketamine",
        "ada", "lovelace", "555", "severe", "answer", str(assessment.phq9_total),
    ]  # fmt: skip
    assert [word for word in forbidden if word in words] == []
    assert not message.attachments


def test_the_email_has_the_check_in_link_and_the_unsubscribe_link(
    follow_up, mailoutbox
):
    send_at(day(7))
    (message,) = mailoutbox
    assert link_token(message)
    assert link_token(message, "check_in:unsubscribe")


def test_only_the_sha256_of_the_emailed_token_is_stored(follow_up, mailoutbox):
    send_at(day(7))
    token = link_token(mailoutbox[0])
    stored = follow_up.check_ins.get(sequence=1).token_hash
    assert stored != token
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert not CheckIn.objects.filter(token_hash=token).exists()


def test_the_link_opens_its_own_check_in(follow_up, mailoutbox):
    send_at(day(7))
    with at(day(7)):
        check_in = check_in_for_token(link_token(mailoutbox[0]))
    assert check_in == follow_up.check_ins.get(sequence=1)


def test_the_link_works_one_second_before_it_expires(follow_up, mailoutbox, settings):
    settings.KETACARE_CHECKIN_LINK_DAYS = 5
    send_at(day(7))
    expiry = day(7) + timedelta(days=5)
    token = link_token(mailoutbox[0])
    check_in = check_in_for_token(token, now=expiry - timedelta(seconds=1))
    assert check_in.expires_at == expiry


def test_the_link_is_closed_one_second_after_it_expires(
    follow_up, mailoutbox, settings
):
    settings.KETACARE_CHECKIN_LINK_DAYS = 5
    send_at(day(7))
    expiry = day(7) + timedelta(days=5)
    with pytest.raises(CheckInClosed):
        check_in_for_token(link_token(mailoutbox[0]), now=expiry + timedelta(seconds=1))


def test_a_used_link_is_closed(follow_up, mailoutbox):
    send_at(day(7))
    token = link_token(mailoutbox[0])
    with at(day(7)):
        answer_and_complete(check_in_for_token(token), 8)
        with pytest.raises(CheckInClosed):
            check_in_for_token(token)


def test_a_made_up_token_opens_nothing(follow_up, mailoutbox):
    send_at(day(7))
    with at(day(7)), pytest.raises(CheckIn.DoesNotExist):
        check_in_for_token("made-up-" + "x" * 35)


def test_unsubscribing_stops_every_later_invitation(follow_up, mailoutbox):
    send_at(day(7))
    unsubscribed = follow_up_unsubscribe(
        token=link_token(mailoutbox[0], "check_in:unsubscribe")
    )
    assert unsubscribed == follow_up
    assert unsubscribed.unsubscribed_at is not None
    for week in range(2, 14):
        send_at(day(7 * week))
    assert len(mailoutbox) == 1
    assert set(statuses(follow_up)[1:]) == {CheckIn.Invitation.SKIPPED}


def test_unsubscribing_closes_the_link_already_sent(follow_up, mailoutbox):
    send_at(day(7))
    follow_up_unsubscribe(token=link_token(mailoutbox[0], "check_in:unsubscribe"))
    with at(day(7)), pytest.raises(CheckInClosed):
        check_in_for_token(link_token(mailoutbox[0]))


def test_unsubscribing_twice_changes_nothing_more(follow_up, mailoutbox):
    send_at(day(7))
    token = link_token(mailoutbox[0], "check_in:unsubscribe")
    with at(day(8)):
        first = follow_up_unsubscribe(token=token)
    with at(day(9)):
        second = follow_up_unsubscribe(token=token)
    assert second.unsubscribed_at == first.unsubscribed_at == day(8)
    unsubscribed = follow_up.events.filter(action=FollowUpEvent.Action.UNSUBSCRIBED)
    assert unsubscribed.count() == 1


def test_a_tampered_unsubscribe_token_is_refused(follow_up, mailoutbox):
    send_at(day(7))
    token = link_token(mailoutbox[0], "check_in:unsubscribe")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert follow_up_unsubscribe(token=tampered) is None
    follow_up.refresh_from_db()
    assert follow_up.unsubscribed_at is None


def test_the_command_prints_the_counts(follow_up, mailoutbox):
    out = StringIO()
    with at(day(15)):
        call_command("intake_send_check_ins", stdout=out)
    assert out.getvalue().strip() == (
        "check-in invitations: 2 sent, 0 failed (will retry), 0 skipped"
    )


def test_the_command_sends_nothing_more_when_run_again(follow_up, mailoutbox):
    out = StringIO()
    with at(day(15)):
        call_command("intake_send_check_ins", stdout=StringIO())
        call_command("intake_send_check_ins", stdout=out)
    assert out.getvalue().strip() == (
        "check-in invitations: 0 sent, 0 failed (will retry), 0 skipped"
    )
    assert len(mailoutbox) == 2
