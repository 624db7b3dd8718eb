"""Figure builders of the Kohorten pages."""

from __future__ import annotations

import pandas as pd

from data.queries.kohorten_funnel import STAGES
from layouts.kohorten_figures import funnel_comparison_figure


def test_funnel_lines_break_where_a_cohort_has_no_step():
    labels = list(STAGES.values())
    present = [labels[0], labels[1], labels[4], labels[5]]  # no middle workshops, no Ausprobierphase
    stages = pd.DataFrame(
        {
            "cohort_id": [1] * len(present),
            "label": present,
            "share": [1.0, 0.9, 0.7, 0.6],
            "count": [20, 18, 14, 12],
        }
    )
    line = funnel_comparison_figure(stages, {1: "Kohorte 1"})["data"][0]  # a plain figure dict
    assert len(line["x"]) == len(labels)
    assert list(line["y"]) == [100.0, 90.0, None, None, 70.0, 60.0]
    assert line["connectgaps"] is False
