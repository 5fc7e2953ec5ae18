"""The review workflow and the queue's priorities (plain Python)."""

import pytest

from intake.domain import workflow
from intake.domain.workflow import Review
from intake.models import REVIEW_CHOICES

ALL = list(Review)


def test_the_model_choices_are_the_workflow_statuses():
    assert [value for value, _ in REVIEW_CHOICES] == [str(status) for status in Review]


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", [s for s in ALL if s != Review.NEW])
def test_any_status_but_new_can_be_chosen_from_anywhere(current, target):
    assert workflow.can_move(current, target)


@pytest.mark.parametrize("current", [s for s in ALL if s != Review.NEW])
def test_nothing_goes_back_to_new(current):
    assert not workflow.can_move(current, Review.NEW)


def test_new_may_stay_new():
    assert workflow.can_move(Review.NEW, Review.NEW)


@pytest.mark.parametrize("bad", ["", "deleted", "NEW", None])
def test_unknown_statuses_are_refused_both_ways(bad):
    assert not workflow.can_move(Review.NEW, bad)
    assert not workflow.can_move(bad, Review.CLOSED)


def test_targets_keep_workflow_order_and_drop_new_once_left():
    assert workflow.targets(Review.NEW) == ALL
    assert workflow.targets(Review.CONTACTED) == ALL[1:]


def test_open_and_finished_statuses_split_the_workflow():
    assert {Review.NEW, Review.IN_REVIEW, Review.CONTACTED} == workflow.OPEN
    assert set(ALL) == workflow.OPEN | workflow.FINISHED
    assert not workflow.OPEN & workflow.FINISHED
