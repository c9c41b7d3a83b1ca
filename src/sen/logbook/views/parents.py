"""The parents' page: per child, attendance and hours at the workplace."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sen.core.http import SenRequest
from sen.core.policy import requires
from sen.logbook.selectors import overview as selectors
from sen.logbook.selectors.figures import hours_per_elective

PAGE_SIZE = 10


@require_GET
@requires("logbook.view_child_logbook")
def children(request: SenRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(selectors.children_placements(request.actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    placements = list(page.object_list)
    absences = selectors.recent_absences([p.pk for p in placements], today=today)
    figures = selectors.rows_for(placements, today=today)
    rows = [{"row": row, "absences": absences[row.placement.pk]} for row in figures]
    by_child: dict[int, list[selectors.Row]] = {}
    for row in figures:
        by_child.setdefault(row.placement.student_id, []).append(row)
    electives = [
        {
            "child": child_rows[0].placement.student.first_name,
            "totals": hours_per_elective(
                [r.placement for r in child_rows], {r.placement.pk: r.hours for r in child_rows}
            ),
        }
        for child_rows in by_child.values()
        if len(child_rows) > 1
    ]
    return render(
        request,
        "logbook/children.html",
        {"page": page, "rows": rows, "electives": electives},
    )
