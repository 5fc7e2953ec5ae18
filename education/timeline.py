"""The duration timeline figure, as data: what it draws and what it says.

The picture (templates/education/figures/duration_timeline.html) and its text
alternative (the <desc> and the list "The timeline in words") are both built from
LANES below, so they cannot say different things. Each lane is one cited study:

- a "relief likely" bar never runs past `cited_limit`, the day its study gives as
  the end of what it showed (half of responders relapsed, or the end of what it
  tested);
- no lane shows a schedule its study did not run (Phillips et al. 2019 gave four
  weekly infusions after the series, so the lane stops there);
- the durations describe only the people who responded, so each lane says how
  many responded, and NOT_EVERYONE says that some people did not respond at all.

Plain Python, no Django: the template only places what figure_context() returns.
"""

from dataclasses import dataclass

CAPTION = (
    "How long relief tended to last in three studies, among the people who "
    "responded. A simplified picture of study results, not a prediction for any "
    "one person."
)
NOT_EVERYONE = (
    "The bars show only the people who responded, meaning their symptoms got a lot "
    "better. Some people did not respond at all, and for them the bars do not apply."
)
TITLE = "Timeline: one session, a series, and a series with four weekly sessions"

# Drawing scale: days from the first session along x.
AXIS_DAYS = 56
LEFT = 20
WIDTH = 320
LANE_TOP = 34
LANE_HEIGHT = 56
BAR_HEIGHT = 16
FADE_DAYS = 7  # the hatched "fading" stub: drawn short, its timing varies


@dataclass(frozen=True)
class Lane:
    title: str
    responded: str  # how many responded, as the study reports it
    sessions: tuple[int, ...]  # days from the first session
    relief_until: int  # the last day of the "relief likely" bar
    cited_limit: int  # the day the study's finding ends (see module docstring)
    limit_reason: str  # that finding, in words
    fades_after: bool  # False where the study did not follow people further
    source: str  # the study, in words, as the page's references name it

    @property
    def last_session(self) -> int:
        return self.sessions[-1]

    def words(self) -> str:
        """The lane in one plain sentence group (used for both text versions)."""
        days = [str(day) for day in self.sessions]
        if len(days) == 1:
            when = f"a session on day {days[0]}"
        else:
            when = f"sessions on days {', '.join(days[:-1])} and {days[-1]}"
        after = (
            "Then relief fades; how fast differs from person to person."
            if self.fades_after
            else "What happened after that is not known from this study."
        )
        return (
            f"{self.title}: {when}. {self.responded}. Among those who responded, "
            f"relief likely until about day {self.relief_until}: "
            f"{self.limit_reason}. {after} ({self.source})"
        )


LANES = (
    Lane(
        title="One session",
        responded="Not everyone responded",
        sessions=(0,),
        relief_until=7,
        cited_limit=7,
        limit_reason="for many people the effect lasted about a week",
        fades_after=True,
        source="Zarate and others, 2006",
    ),
    Lane(
        title="A series of 6 sessions in 12 days",
        responded="About 7 in 10 (70.8%) responded",
        sessions=(0, 2, 4, 7, 9, 11),
        relief_until=29,
        cited_limit=11 + 18,
        limit_reason=(
            "18 days after the last session, half of those who responded had relapsed"
        ),
        fades_after=True,
        source="Murrough and others, 2013",
    ),
    Lane(
        title="A series, then 4 weekly sessions",
        responded="59% responded to the series",
        sessions=(0, 2, 4, 7, 9, 11, 18, 25, 32, 39),
        relief_until=39,
        cited_limit=39,
        limit_reason=(
            "those who responded kept their gains through the four weekly "
            "sessions, the only schedule the study tested"
        ),
        fades_after=False,
        source="Phillips and others, 2019",
    ),
)


def x_of(day: float) -> float:
    return round(LEFT + WIDTH * day / AXIS_DAYS, 1)


def day_of(x: float) -> float:
    """The inverse of x_of, for tests that read the drawing back."""
    return (x - LEFT) * AXIS_DAYS / WIDTH


def description() -> str:
    return " ".join([*(lane.words() for lane in LANES), NOT_EVERYONE])


def figure_context() -> dict:
    """Everything the template draws, already placed."""
    lanes = []
    for index, lane in enumerate(LANES):
        top = LANE_TOP + index * LANE_HEIGHT
        bars = [
            {
                "kind": "likely",
                "x": x_of(0),
                "width": round(x_of(lane.relief_until) - x_of(0), 1),
            }
        ]
        if lane.fades_after:
            bars.append(
                {
                    "kind": "fading",
                    "x": x_of(lane.relief_until),
                    "width": round(
                        x_of(lane.relief_until + FADE_DAYS) - x_of(lane.relief_until),
                        1,
                    ),
                }
            )
        lanes.append(
            {
                "title": lane.title,
                "responded": lane.responded,
                "responded_y": top + 54,
                "title_y": top + 12,
                "session_y": top + 18,
                "bar_y": top + 26,
                "sessions": [x_of(day) for day in lane.sessions],
                "bars": bars,
                "words": lane.words(),
            }
        )
    # Room below the last lane's "responded" line.
    axis_y = LANE_TOP + len(LANES) * LANE_HEIGHT + 8
    return {
        "caption": CAPTION,
        "title": TITLE,
        "description": description(),
        "not_everyone": NOT_EVERYONE,
        "lanes": lanes,
        "axis_y": axis_y,
        "ticks": [{"x": x_of(week * 7), "label": week} for week in range(0, 9)],
        "axis_left": x_of(0),
        "axis_right": x_of(AXIS_DAYS),
        "axis_middle": x_of(AXIS_DAYS / 2),
        "height": axis_y + 40,
    }
