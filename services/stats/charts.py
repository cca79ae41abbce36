"""Geometry of the dashboard's charts, rendered as SVG by ``templates/stats/_charts.html``.

No JavaScript and no inline styles: shapes carry presentation attributes and classes (colours in app.css),
every bar is a link to the items behind it, and every value is also written as text (it prints in black and white).
"""
from __future__ import annotations

from typing import Callable

from services.stats.figures import MONTH_BUCKETS, Counts

RATE_SERIES = [("comm", "沟通率", "comm_num"), ("ontime", "按时办结率", "ontime_num"), ("sat", "满意率", "sat_num")]


def rates_by_department(rows: list[Counts], link: Callable[[str, Counts], str]) -> dict | None:
    """Horizontal bars: for each 处室 its three rates, 0–100 %, with “96.2%（51/53）” beside each bar."""
    rows = [r for r in rows if r["total"]]
    if not rows:
        return None
    label_w, bar_w, value_w = 150, 380, 130
    bar_h, gap, group_gap, top = 12, 2, 14, 34
    width = label_w + bar_w + value_w
    groups, y = [], top
    for row in rows:
        bars = []
        for i, (series, name, num_key) in enumerate(RATE_SERIES):
            rate = getattr(row, series)
            by = y + i * (bar_h + gap)
            bars.append({
                "series": series, "name": name, "x": label_w, "y": by, "h": bar_h,
                "w": round(bar_w * rate.value, 1) if rate.den else 0, "text": rate.text, "text_x": label_w + (bar_w * (rate.value or 0)) + 6,
                "text_y": by + bar_h - 2, "empty": not rate.den, "url": link(num_key, row),
            })
        group_h = 3 * bar_h + 2 * gap
        groups.append({"label": row.label, "label_y": y + group_h / 2 + 4, "bars": bars, "y": y, "h": group_h})
        y += group_h + group_gap
    height = y + 8
    ticks = [{"x": label_w + bar_w * t / 100, "label": f"{t}%"} for t in (0, 25, 50, 75, 100)]
    legend = [{"series": s, "name": n, "x": label_w + i * 110} for i, (s, n, _) in enumerate(RATE_SERIES)]
    return {"width": width, "height": height, "groups": groups, "ticks": ticks, "legend": legend, "top": top - 6,
            "bottom": y - group_gap + 4, "label_w": label_w}


def _nice_max(n: int) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if n <= step * 4:
            top = ((n + step - 1) // step) * step
            return max(top, step)
    return n


def items_by_month(months: list[dict], link: Callable[[str, str], str]) -> dict | None:
    """Vertical bars per 交办 month, stacked by what became of the items (MONTH_BUCKETS)."""
    if not months:
        return None
    axis_w, plot_h, top, bottom = 36, 200, 40, 34
    # Sized to print and to sit beside the rates chart: about 520 units wide whatever the number of months.
    slot = max(26, min(64, 480 // len(months)))
    bar = slot * 0.62
    legend, x = [], axis_w
    for key, name in MONTH_BUCKETS:
        legend.append({"key": key, "name": name, "x": x})
        x += 16 + 12 * len(name) + 14
    width = max(axis_w + slot * len(months) + 10, x)
    peak = _nice_max(max(m["total"] for m in months) or 1)
    scale = plot_h / peak
    ticks = [{"y": top + plot_h - plot_h * i / 4, "label": str(round(peak * i / 4))} for i in range(5)]
    bars = []
    for i, m in enumerate(months):
        x = axis_w + i * slot + (slot - bar) / 2
        y = top + plot_h
        segments = []
        for key, name in MONTH_BUCKETS:
            n = m["counts"].get(key, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            segments.append({"key": key, "name": name, "n": n, "x": x, "y": round(y, 1), "w": bar, "h": round(h, 1),
                             "url": link(key, m["month"]), "text_y": round(y + h / 2 + 4, 1), "show_text": h >= 14})
        bars.append({"label": m["label"], "total": m["total"], "x": x, "w": bar, "cx": x + bar / 2, "top": y,
                     "segments": segments, "url": link("total", m["month"])})
    return {"width": width, "height": top + plot_h + bottom, "bars": bars, "ticks": ticks, "axis_x": axis_w, "base_y": top + plot_h,
            "top": top, "legend": legend, "label_y": top + plot_h + 18}
