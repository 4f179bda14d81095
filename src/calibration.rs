//! Calibration: how well the confidence stated in decisions matched how their claims turned
//! out, scored over every judged claim of the model.
//!
//! `claims` counts every claim stated; `judged` those judged hit or miss (`unclear` is not
//! scored). The Brier score (the mean of `(p - o)²`, 0 perfect, 0.25 what always saying 50%
//! gets) and the bands are over the judged claims that have a confidence (their own, else
//! the decision's). A claim stated below 0.5 is counted as the opposite claim at `1 - p`
//! (its hit a miss), so the bands run from 0.5 to 1.0, 0.1 wide: `[0.5, 0.6)`, ...,
//! `[0.9, 1.0]`. Pure: no I/O.

use serde::Serialize;

use crate::expectation::{ClaimResult, judge};
use crate::resolve::{Model, Resolved};

/// The calibration of a set of claims (`calibration` in `decisions.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Every claim stated.
    pub claims: usize,
    /// Claims judged hit or miss.
    pub judged: usize,
    /// Mean squared error of the stated confidence against the results (rounded to four
    /// decimals); `null` when no judged claim has a confidence.
    pub brier: Option<f64>,
    pub bands: Vec<Band>,
}

/// Judged claims whose confidence (as counted: at least 0.5) is in `[from, to)` (the last
/// band includes 1.0), and how many were hits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub from: f64,
    pub to: f64,
    pub claims: usize,
    pub hits: usize,
}

impl Band {
    /// The share of hits, when there are claims.
    pub fn hit_rate(&self) -> Option<f64> {
        (self.claims > 0).then(|| self.hits as f64 / self.claims as f64)
    }
}

/// The five bands' lower bounds, in tenths.
const BANDS: [u32; 5] = [5, 6, 7, 8, 9];

/// Scores claims: `stated` is how many were stated, `scored` the confidence and whether it
/// was a hit of each claim judged hit or miss (`None` confidence: judged but not scored).
pub fn score(stated: usize, scored: &[(Option<f64>, bool)]) -> Calibration {
    let mut bands: Vec<Band> = BANDS
        .iter()
        .map(|&b| Band {
            from: f64::from(b) / 10.0,
            to: f64::from(b + 1) / 10.0,
            claims: 0,
            hits: 0,
        })
        .collect();
    let mut sum = 0.0;
    let mut n = 0usize;
    for &(p, hit) in scored {
        let Some(p) = p else {
            continue;
        };
        // A claim below 0.5 is the opposite claim at 1 - p.
        let (p, hit) = if p < 0.5 { (1.0 - p, !hit) } else { (p, hit) };
        let o = if hit { 1.0 } else { 0.0 };
        sum += (p - o) * (p - o);
        n += 1;
        // Tenths, with a little slack so that 0.7 (0.6999...) counts as 0.7.
        let tenth = ((p * 10.0 + 1e-9).floor() as usize).clamp(5, 9);
        let band = &mut bands[tenth - 5];
        band.claims += 1;
        band.hits += usize::from(hit);
    }
    Calibration {
        claims: stated,
        judged: scored.len(),
        brier: (n > 0).then(|| (sum / n as f64 * 10_000.0).round() / 10_000.0),
        bands,
    }
}

/// The calibration of every decision's claims in the model.
pub fn calibrate(model: &Model) -> Calibration {
    calibrate_over(model, model.records.iter())
}

/// The calibration of the claims of `records` (decisions of `model`).
pub fn calibrate_over<'a>(
    model: &'a Model,
    records: impl Iterator<Item = &'a Resolved>,
) -> Calibration {
    let mut stated = 0;
    let mut scored = Vec::new();
    for r in records {
        if r.record.expectations.claims.is_empty() {
            continue;
        }
        for j in judge(model, r) {
            stated += 1;
            match j.result {
                Some(ClaimResult::Hit) => scored.push((j.confidence, true)),
                Some(ClaimResult::Miss) => scored.push((j.confidence, false)),
                Some(ClaimResult::Unclear) | None => {}
            }
        }
    }
    score(stated, &scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(c: &Calibration, from: f64) -> (usize, usize) {
        let b = c
            .bands
            .iter()
            .find(|b| (b.from - from).abs() < 1e-9)
            .unwrap();
        (b.claims, b.hits)
    }

    #[test]
    fn brier_and_bands_by_hand() {
        // 0.9 hit: (0.1)² = 0.01; 0.9 miss: 0.81; 0.7 hit: 0.09; 0.6 miss: 0.36;
        // 0.3 miss is the opposite claim at 0.7, a hit: 0.09; 1.0 hit: 0.
        // Sum 1.36 over 6 claims: 0.226666... -> 0.2267.
        let c = score(
            9,
            &[
                (Some(0.9), true),
                (Some(0.9), false),
                (Some(0.7), true),
                (Some(0.6), false),
                (Some(0.3), false),
                (Some(1.0), true),
                (None, true),
            ],
        );
        assert_eq!(c.claims, 9);
        assert_eq!(c.judged, 7);
        assert_eq!(c.brier, Some(0.2267));
        assert_eq!(band(&c, 0.5), (0, 0));
        assert_eq!(band(&c, 0.6), (1, 0));
        assert_eq!(band(&c, 0.7), (2, 2));
        assert_eq!(band(&c, 0.8), (0, 0));
        assert_eq!(band(&c, 0.9), (3, 2));
        assert_eq!(c.bands.len(), 5);
        assert_eq!((c.bands[4].from, c.bands[4].to), (0.9, 1.0));
    }

    #[test]
    fn a_half_is_the_first_band_and_nothing_judged_has_no_score() {
        let c = score(2, &[(Some(0.5), false)]);
        assert_eq!(c.brier, Some(0.25));
        assert_eq!(band(&c, 0.5), (1, 0));
        let none = score(3, &[]);
        assert_eq!((none.claims, none.judged, none.brier), (3, 0, None));
        assert!(none.bands.iter().all(|b| b.claims == 0));
    }
}
