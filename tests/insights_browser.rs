//! The insights page in a real headless Chromium from `file://`: its six charts are drawn
//! (SVG in the page, no script needed) in light and dark, at desktop width and on a 390 px
//! phone, where nothing is wider than the screen and the chart labels stay readable;
//! the only scripts are the theme line and site.js, which runs; axe-core finds no serious
//! or critical problem.

#[path = "browser/harness.rs"]
mod harness;

use std::path::Path;

use harness::*;
use serde_json::Value;

#[test]
fn insights_charts_in_light_and_dark_on_desktop_and_phone() {
    let Some(mut driver) = driver("insights_charts_in_light_and_dark_on_desktop_and_phone") else {
        return;
    };
    let axe = axe_source("insights_charts_in_light_and_dark_on_desktop_and_phone");
    let src = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expectations/good");
    let dest = src.path().join("decisions");
    std::fs::create_dir_all(&dest).unwrap();
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
    }
    let out = build_site(&dest);
    let base = format!("{}/", file_url(&out.path().join("site")));
    runtime().block_on(async {
        let c = driver.session().await;
        let mut problems = Vec::new();
        for (w, h) in [(1280u32, 900u32), (390, 844)] {
            c.set_window_size(w, h).await.expect("window size");
            for theme in ["light", "dark"] {
                for page in ["insights.html", "insights/tags/checkout.html"] {
                    c.goto(&format!("{base}{page}")).await.expect("goto");
                    js(
                        &c,
                        &format!("document.documentElement.dataset.theme = '{theme}'; return true;"),
                    )
                    .await;
                    let width = js(&c, "return window.innerWidth;").await.as_u64().unwrap();
                    let charts = js(
                        &c,
                        "return Array.from(document.querySelectorAll('main svg[role=img]')).map(function (s) {\
                           var r = s.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.right)]; });",
                    )
                    .await;
                    let charts = charts.as_array().unwrap();
                    assert_eq!(charts.len(), 6, "{page} ({theme}, {w}): {charts:?}");
                    for c in charts {
                        assert!(c[0].as_u64().unwrap() > 200, "{page}: a chart {c} px wide");
                        assert!(c[1].as_u64().unwrap() <= width, "{page}: a chart past the screen");
                    }
                    let overflow = js(
                        &c,
                        "var w = window.innerWidth, out = [];\
                         if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth);\
                         document.querySelectorAll('main *').forEach(function (e) {\
                           if (e.closest('.table-wrap')) return;\
                           var r = e.getBoundingClientRect();\
                           if (r.width && r.right > w + 0.5) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));\
                         });\
                         return out;",
                    )
                    .await;
                    assert_eq!(overflow, Value::Array(vec![]), "{page} ({w}): wider than the screen");
                    // Axis labels at least 8 px tall on a phone, and drawn in the theme's
                    // text colour (not black on the dark background).
                    let label = js(
                        &c,
                        "var t = document.querySelector('main svg text'); var r = t.getBoundingClientRect();\
                         return [r.height, getComputedStyle(t).fill, getComputedStyle(document.body).color];",
                    )
                    .await;
                    assert!(label[0].as_f64().unwrap() >= 8.0, "{page} ({w}): label {label}");
                    assert_eq!(label[1], label[2], "{page} ({theme}): label colour {label}");
                    // site.js ran (it shows the theme toggle), and the page has no other script.
                    let toggle = js(&c, "return document.querySelector('.theme-toggle').hidden;").await;
                    assert_eq!(toggle, Value::Bool(false), "{page}: site.js did not run");
                    let scripts = js(&c, "return Array.from(document.scripts).map(function (s) { return s.src.split('/').pop(); });").await;
                    assert_eq!(scripts, serde_json::json!(["", "site.js"]), "{page}");
                    if let Some(axe) = &axe {
                        for v in axe_violations(&c, axe).await {
                            problems.push(format!("{page} ({theme}, {w}): {v}"));
                        }
                    }
                }
            }
        }
        c.close().await.expect("close");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    });
}
