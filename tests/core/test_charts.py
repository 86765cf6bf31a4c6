import re

from vsh.core.charts import Series, bar_chart, line_chart


def test_bar_chart_is_accessible_svg_with_every_value():
    svg = str(
        bar_chart(
            ["Primary", "Secondary <KS4>"],
            [92.5, None],
            title="Attendance",
            maximum=100,
            target=95,
            unit="%",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Attendance" in svg
    assert "Primary: 92.5%" in svg and "no data" in svg
    assert "&lt;KS4&gt;" in svg  # labels are escaped
    assert "style=" not in svg  # keeps to the Content Security Policy


def test_line_chart_draws_each_series_and_describes_it():
    svg = str(
        line_chart(
            ["Aut", "Spr", "Sum"],
            [Series("Child", [90, None, 95]), Series("Cohort", [88, 89, 91])],
            title="Attendance by term",
            target=90,
        )
    )
    assert svg.count("<polyline") == 2
    assert len(re.findall(r"<circle", svg)) == 5
    assert "Child: Aut 90%, Spr no data, Sum 95%." in svg
