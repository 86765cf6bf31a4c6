"""The Pupil Premium Plus grant the virtual school head manages each academic year:
the rate per looked-after child in Reception to Year 11, times the children on the
roll at the January census."""

from datetime import date
from decimal import Decimal

from children import codes
from children.school_years import year_group_on
from interventions.models import PupilPremiumBudget
from vsh.terms.models import AcademicYear

# Published rates per child. The latest year's is the authority's planning figure
# until the DfE confirms its allocation.
RATES = {2024: Decimal("2570.00"), 2025: Decimal("2630.00")}
CONFIRMED = {2024}
TOP_SLICE = Decimal("0.15")  # kept centrally for the educational psychologist and training
MARK = "Demo figures."


def looked_after_on(spec, day: date) -> bool:
    return any(p.start <= day and (p.end is None or day < p.end) for p in spec.family.periods)


def budgets(specs, years: list[AcademicYear], today: date) -> list[PupilPremiumBudget]:
    """A budget for each academic year that has started, from 2024/25."""
    rows = []
    for year in years:
        if year.start_year < min(RATES) or year.starts_on > today:
            continue
        census = min(date(year.start_year + 1, 1, 15), today)
        pupils = sum(
            1
            for s in specs
            if s.cohort == codes.Cohort.LOOKED_AFTER
            and looked_after_on(s, census)
            and 0 <= year_group_on(s.dob, census) <= 11
        )
        known = [y for y in RATES if y <= year.start_year]
        rate = RATES[max(known)]
        if year.start_year in CONFIRMED:
            source = "Rate published by the DfE."
        else:
            source = (
                f"Rate of £{rate:,.0f} is the authority's planning figure, to be confirmed "
                "against the DfE's allocation."
            )
        total = rate * pupils
        rows.append(
            PupilPremiumBudget(
                academic_year=year,
                rate_per_child=rate,
                total=total,
                top_slice=(total * TOP_SLICE).quantize(Decimal("1")),
                notes=(
                    f"{pupils} looked-after children in Reception to Year 11 at the January "
                    f"census. {source} 15% kept centrally for the educational psychology "
                    f"service and training for designated teachers. {MARK}"
                ),
            )
        )
    return rows
