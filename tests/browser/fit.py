"""Charts that fit their screen (issue 13, item 6), checked in the browser on what Plotly drew:
no year label turned vertical, no two tick labels of an axis over each other, no title, subtitle,
note, legend entry or tick label cut by the chart's edge, and no title block running into the
plot. Used by the page tests on a phone (390×844) and at 1366×768."""
from __future__ import annotations

CHART_PROBLEMS_JS = r"""
() => {
  const problems = [];
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!visible(plot)) continue;
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    const name = (plot.closest('[role="figure"]')?.getAttribute('aria-label') || '').slice(0, 50);
    // Tick labels turned (Plotly turns x labels when they do not fit side by side).
    for (const t of plot.querySelectorAll('.xtick text, .ytick text')) {
      const m = /rotate\((-?[\d.]+)/.exec(t.getAttribute('transform') || '');
      if (m && Math.abs(parseFloat(m[1])) > 1 && /^\d{4}$/.test(t.textContent.trim())) problems.push(`${name}: tick "${t.textContent}" turned ${m[1]}°`);
    }
    // Tick labels of one axis side by side, never over each other.
    for (const axis of plot.querySelectorAll('.xaxislayer-above')) {
      const boxes = [...axis.querySelectorAll('.xtick text')].filter(t => !/rotate\(/.test(t.getAttribute('transform') || '')).map(t => [t.textContent, t.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0).sort((a, b) => a[1].left - b[1].left);
      for (let i = 1; i < boxes.length; i++)
        if (boxes[i][1].left < boxes[i - 1][1].right - 1)
          problems.push(`${name}: ticks "${boxes[i - 1][0]}" and "${boxes[i][0]}" overlap`);
    }
    // Titles, subtitles, annotations and legend text inside the figure, not cut by its edges.
    for (const t of plot.querySelectorAll('.gtitle, .gtitle-subtitle, .annotation-text, .legendtext, .g-xtitle text, .g-ytitle text, .ytick text, .xtick text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`${name}: "${t.textContent.slice(0, 40)}" cut by the chart's edge (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)}, ${Math.round(r.top)}–${Math.round(r.bottom)} of ${Math.round(box.top)}–${Math.round(box.bottom)})`);
    }
    // The title block above the plot, not over it.
    const plots = [...plot.querySelectorAll('.draglayer .nsewdrag')].map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
    const top = Math.min(...plots.map(r => r.top));
    for (const t of plot.querySelectorAll('.gtitle, .gtitle-subtitle')) {
      const r = t.getBoundingClientRect();
      if (t.textContent.trim() && r.bottom > top + 1) problems.push(`${name}: title "${t.textContent.slice(0, 40)}" runs into the plot (${Math.round(r.bottom)} > ${Math.round(top)})`);
    }
  }
  return problems;
}
"""


def chart_problems(page) -> list[str]:
    """What does not fit in the visible charts of the page as it is now."""
    return page.evaluate(CHART_PROBLEMS_JS)
