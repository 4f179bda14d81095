//! Charts drawn at build time as SVG, for the insights page: stacked bars, horizontal bars
//! and a calibration plot. No script, no chart library; colours come from CSS classes
//! (`fill-accepted`, `fill-hit`, ...) so the charts follow the light and dark themes. Every
//! chart is an image with a title; its numbers are in a table beside it.

use std::fmt::Write as _;

use super::escape::escape;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

/// One stacked series: its CSS class suffix and its label.
pub struct Series<'a> {
    pub class: &'a str,
    pub label: &'a str,
}

/// A legend for `series`: a swatch (a small SVG square, coloured by the same class as the
/// bars) and the label of each. Hidden from screen readers: the tables name the columns.
pub fn legend(series: &[Series<'_>]) -> String {
    let mut out = String::from("<ul class=\"legend\" aria-hidden=\"true\">");
    for s in series {
        let _ = write!(
            out,
            "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\"><rect class=\"fill-{}\" width=\"10\" height=\"10\" rx=\"2\"/></svg>{}</li>",
            s.class,
            escape(s.label)
        );
    }
    out.push_str("</ul>");
    out
}

/// The opening of an SVG image titled `title`.
fn open(id: &str, title: &str, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    )
}

/// A round axis maximum at or above `max`: 1, 2, 5, 10, 20, 50, ...
fn nice_max(max: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max.max(1) {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Horizontal grid lines and their labels for a count axis up to `max`.
fn count_axis(out: &mut String, max: usize, plot_h: f64) {
    let ticks = if max >= 4 { 4 } else { max.max(1) };
    for t in 0..=ticks {
        let v = max * t / ticks;
        let y = TOP + plot_h - plot_h * v as f64 / max as f64;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
}

/// Vertical bars, one per category, each stacked by series: `values[c][s]` is the count of
/// series `s` in category `c`.
pub fn stacked_bars(
    id: &str,
    title: &str,
    categories: &[String],
    series: &[Series<'_>],
    values: &[Vec<usize>],
) -> String {
    let mut out = open(id, title, HEIGHT);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let max = nice_max(values.iter().map(|v| v.iter().sum()).max().unwrap_or(0));
    count_axis(&mut out, max, plot_h);
    let n = categories.len().max(1);
    let slot = plot_w / n as f64;
    let bar = (slot * 0.7).min(60.0);
    // Label every category when they fit, else every k-th.
    let every = (n as f64 * 48.0 / plot_w).ceil().max(1.0) as usize;
    for (c, name) in categories.iter().enumerate() {
        let x = LEFT + slot * c as f64 + (slot - bar) / 2.0;
        let mut y = TOP + plot_h;
        for (s, ser) in series.iter().enumerate() {
            let v = values.get(c).and_then(|v| v.get(s)).copied().unwrap_or(0);
            if v == 0 {
                continue;
            }
            let h = plot_h * v as f64 / max as f64;
            y -= h;
            let _ = write!(
                out,
                "<rect class=\"fill-{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{}: {v} {}</title></rect>",
                ser.class,
                escape(name),
                escape(ser.label)
            );
        }
        if c % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                TOP + plot_h + 16.0,
                escape(name)
            );
        }
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/></svg>",
        WIDTH - RIGHT,
        y = TOP + plot_h
    );
    out
}

/// Horizontal bars: one per label, with its count written at its end.
pub fn horizontal_bars(id: &str, title: &str, rows: &[(String, usize)], class: &str) -> String {
    let row_h = 26.0;
    let label_w = 200.0;
    let height = TOP + row_h * rows.len().max(1) as f64 + 8.0;
    let mut out = open(id, title, height);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let plot_w = WIDTH - label_w - RIGHT - 30.0;
    for (k, (label, v)) in rows.iter().enumerate() {
        let y = TOP + row_h * k as f64;
        let w = plot_w * *v as f64 / max as f64;
        let shown: String = if label.chars().count() > 28 {
            label.chars().take(27).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"fill-{class}\" x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\"><title>{}: {v}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{v}</text>",
            label_w - 8.0,
            y + row_h * 0.6,
            escape(&shown),
            row_h * 0.7,
            escape(label),
            label_w + w + 6.0,
            y + row_h * 0.6,
        );
    }
    out.push_str("</svg>");
    out
}

/// A calibration plot: stated confidence (x, 0.5 to 1.0) against the share of hits (y,
/// 0 to 1), one dot per band with claims (its area grows with the count, the count written
/// beside it), and the diagonal of perfect calibration. `bands` are `(from, to, claims, hits)`.
pub fn calibration(id: &str, title: &str, bands: &[(f64, f64, usize, usize)]) -> String {
    let mut out = open(id, title, HEIGHT);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let x_of = |p: f64| LEFT + plot_w * (p - 0.5) / 0.5;
    let y_of = |r: f64| TOP + plot_h - plot_h * r;
    for k in 0..=4 {
        let r = k as f64 / 4.0;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}%</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y_of(r) + 4.0,
            (r * 100.0) as u32,
            y = y_of(r)
        );
    }
    for k in 5..=10 {
        let p = k as f64 / 10.0;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}%</text>",
            x_of(p),
            TOP + plot_h + 16.0,
            k * 10
        );
    }
    let _ = write!(
        out,
        "<line class=\"line-ideal\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"><title>Perfect calibration</title></line>",
        x_of(0.5),
        y_of(0.5),
        x_of(1.0),
        y_of(1.0)
    );
    let most = bands.iter().map(|b| b.2).max().unwrap_or(1).max(1);
    for &(from, to, claims, hits) in bands {
        if claims == 0 {
            continue;
        }
        let rate = hits as f64 / claims as f64;
        let (x, y) = (x_of((from + to) / 2.0), y_of(rate));
        let r = 4.0 + 8.0 * (claims as f64 / most as f64).sqrt();
        let _ = write!(
            out,
            "<circle class=\"fill-hit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{}–{}%: {hits} of {claims} hit</title></circle><text x=\"{:.1}\" y=\"{:.1}\">{hits}/{claims}</text>",
            (from * 100.0).round(),
            (to * 100.0).round(),
            x + r + 3.0,
            y + 4.0
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/></svg>",
        WIDTH - RIGHT,
        y = TOP + plot_h
    );
    out
}

/// A spread of days on one axis: a line from the fastest to the slowest, a box over the
/// middle half, a mark at the median (a box plot lying down).
pub fn spread(
    id: &str,
    title: &str,
    min: f64,
    p25: f64,
    median: f64,
    p75: f64,
    max: f64,
) -> String {
    let height = 90.0;
    let mut out = open(id, title, height);
    let plot_w = WIDTH - LEFT - RIGHT;
    let top = if max > 0.0 { max } else { 1.0 };
    let x = |d: f64| LEFT + plot_w * d / top;
    let (mid, box_h) = (36.0, 24.0);
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{mid}\" y2=\"{mid}\"/>\
         <rect class=\"fill-accepted\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{box_h}\"><title>middle half: {p25}–{p75} days</title></rect>\
         <line class=\"axis\" stroke-width=\"3\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"><title>median: {median} days</title></line>",
        x(min),
        x(max),
        x(p25),
        mid - box_h / 2.0,
        (x(p75) - x(p25)).max(1.0),
        x(median),
        x(median),
        mid - box_h / 2.0 - 4.0,
        mid + box_h / 2.0 + 4.0,
    );
    for (d, anchor) in [(min, "start"), (max, "end")] {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{d} day{}</text>",
            x(d),
            if d == 1.0 { "" } else { "s" },
            mid + box_h / 2.0 + 22.0
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 5);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(120), 200);
    }

    #[test]
    fn bars_are_stacked_and_text_is_escaped() {
        let svg = stacked_bars(
            "q",
            "Decisions <by> quarter",
            &["2026 Q1".into(), "2026 Q2".into()],
            &[
                Series {
                    class: "accepted",
                    label: "accepted",
                },
                Series {
                    class: "proposed",
                    label: "proposed",
                },
            ],
            &[vec![2, 1], vec![0, 0]],
        );
        assert!(svg.contains("<title id=\"q-title\">Decisions &lt;by&gt; quarter</title>"));
        assert_eq!(svg.matches("<rect ").count(), 2, "zero counts draw nothing");
        assert!(svg.contains("<title>2026 Q1: 2 accepted</title>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn calibration_dots_only_for_bands_with_claims() {
        let svg = calibration("c", "Calibration", &[(0.5, 0.6, 0, 0), (0.9, 1.0, 4, 3)]);
        assert_eq!(svg.matches("<circle ").count(), 1);
        assert!(svg.contains("90–100%: 3 of 4 hit"));
        assert!(svg.contains(">3/4</text>"));
    }
}
