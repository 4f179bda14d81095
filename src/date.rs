//! Calendar dates as records write them: ISO, day-first, month names, inside brackets or prose.

use std::fmt;

use serde::{Serialize, Serializer};

/// A calendar date (no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Today in the system's time zone.
    pub fn today() -> Date {
        Date(jiff::Zoned::now().date())
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = text[0..4].parse().ok()?;
        let m = text[5..7].parse().ok()?;
        let d = text[8..10].parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        self.0
            .until((jiff::Unit::Day, other.0))
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(0)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date(
            self.0
                .checked_add(jiff::Span::new().days(days))
                .unwrap_or(self.0),
        )
    }

    pub fn year(self) -> i16 {
        self.0.year()
    }

    pub fn month(self) -> i8 {
        self.0.month()
    }

    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// `2026-03` for grouping by month.
    pub fn year_month(self) -> String {
        format!("{:04}-{:02}", self.year(), self.month())
    }

    /// `March 2026`.
    pub fn month_label(self) -> String {
        format!("{} {}", MONTHS[(self.month() - 1) as usize], self.year())
    }

    /// `20260302` for iCalendar.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year(), self.month(), self.day())
    }

    /// A line that is nothing but a date (`June 19, 2018`, `11 March 2022`, `*1 Mar 2023*`,
    /// `2018-06-19`, `Tuesday 3 June 2019`): every word is a number, a month, a weekday or
    /// an ordinal, so prose that mentions a date is not one.
    pub fn whole(text: &str) -> Option<Date> {
        let t = text.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '[' | ']' | '(' | ')' | '>' | '`' | '.')
        });
        if t.is_empty() || t.chars().count() > 40 {
            return None;
        }
        let words_ok = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| {
                let w = w.trim_end_matches('.');
                let lower = w.to_lowercase();
                w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
                    || month_from_word(&lower).is_some()
                    || WEEKDAYS
                        .iter()
                        .any(|d| lower == *d || (lower.len() == 3 && d.starts_with(&lower)))
                    || lower == "of"
                    || ["st", "nd", "rd", "th"].iter().any(|s| {
                        lower
                            .strip_suffix(s)
                            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    })
            });
        if !words_ok {
            return None;
        }
        Date::find(t)
    }

    /// When the first date in `text` is numeric with day and month both 12 or less
    /// (`03/04/2021`), the reading taken (day first) and the other one (month first).
    pub fn ambiguous(text: &str) -> Option<(Date, Date)> {
        // Most dates start with a four-digit year: no need to look further.
        let b = text.as_bytes();
        let first = b.iter().position(u8::is_ascii_digit)?;
        if b[first..].iter().take_while(|c| c.is_ascii_digit()).count() > 2 {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let start = chars.iter().position(char::is_ascii_digit)?;
        let c = &chars[start..];
        let (a, la) = take_digits(c);
        let sep = *c.get(la)?;
        if la > 2 || !matches!(sep, '/' | '.' | '-') {
            return None;
        }
        let (b, lb) = take_digits(&c[la + 1..]);
        if lb == 0 || lb > 2 || a == b || a > 12 || b > 12 {
            return None;
        }
        let taken = numeric_at(c)?;
        let other = Date::new(taken.year(), a as i8, b as i8)?;
        Some((taken, other))
    }

    /// `3 April 2021`, for saying which reading a date took.
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day(),
            MONTHS[(self.month() - 1) as usize],
            self.year()
        )
    }

    /// Finds the first date in free text, in any of the forms teams write.
    ///
    /// Recognises `2026-03-02`, `2026/03/02`, `02/03/2026` and `02.03.2026` (day first),
    /// `02/03/26`, `March 2, 2026`, `2 March 2026`, `Mar 2026` is not a date.
    pub fn find(text: &str) -> Option<Date> {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
                if let Some(d) = numeric_at(&chars[i..]) {
                    return Some(d);
                }
                if let Some(d) = day_month_name_at(&chars[i..]) {
                    return Some(d);
                }
            }
            if chars[i].is_alphabetic()
                && (i == 0 || !chars[i - 1].is_alphabetic())
                && let Some(d) = month_name_day_at(&chars[i..])
            {
                return Some(d);
            }
            i += 1;
        }
        None
    }
}

/// A relative interval as teams write it: `12 months`, `6 months`, `2 weeks`, `90 days`,
/// `1 year` (also `1y`, `6mo`, `2w`, `90d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    pub count: u32,
    pub unit: IntervalUnit,
}

/// The unit of an [`Interval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntervalUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Interval {
    /// Parses `12 months`, `1 year`, `2 weeks`, `90 days`, `6mo`, `1y`; `None` otherwise.
    pub fn parse(text: &str) -> Option<Interval> {
        let t = text.trim().to_ascii_lowercase();
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 {
            return None;
        }
        let count: u32 = t[..digits].parse().ok()?;
        let unit = match t[digits..].trim() {
            "d" | "day" | "days" => IntervalUnit::Days,
            "w" | "wk" | "week" | "weeks" => IntervalUnit::Weeks,
            "m" | "mo" | "mon" | "month" | "months" => IntervalUnit::Months,
            "y" | "yr" | "year" | "years" => IntervalUnit::Years,
            _ => return None,
        };
        (count > 0).then_some(Interval { count, unit })
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            IntervalUnit::Days => "day",
            IntervalUnit::Weeks => "week",
            IntervalUnit::Months => "month",
            IntervalUnit::Years => "year",
        };
        let units = format!("{unit}s");
        f.write_str(&crate::wording::plural(self.count, unit, &units))
    }
}

impl Date {
    /// The date `interval` after this one (month ends clamp: 31 January + 1 month is
    /// 28 or 29 February).
    pub fn plus(self, interval: Interval) -> Date {
        let n = i64::from(interval.count);
        let span = match interval.unit {
            IntervalUnit::Days => jiff::Span::new().try_days(n),
            IntervalUnit::Weeks => jiff::Span::new().try_weeks(n),
            IntervalUnit::Months => jiff::Span::new().try_months(n),
            IntervalUnit::Years => jiff::Span::new().try_years(n),
        };
        span.ok()
            .and_then(|s| self.0.checked_add(s).ok())
            .map_or(self, Date)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn take_digits(c: &[char]) -> (u32, usize) {
    let mut n = 0u32;
    let mut k = 0;
    while k < c.len() && c[k].is_ascii_digit() && k < 9 {
        n = n * 10 + c[k].to_digit(10).unwrap_or(0);
        k += 1;
    }
    (n, k)
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY`, `DD/MM/YY`.
fn numeric_at(c: &[char]) -> Option<Date> {
    let (a, la) = take_digits(c);
    let sep = *c.get(la)?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let rest = &c[la + 1..];
    let (b, lb) = take_digits(rest);
    if lb == 0 || lb > 2 || rest.get(lb) != Some(&sep) {
        return None;
    }
    let rest2 = &rest[lb + 1..];
    let (d, ld) = take_digits(rest2);
    if ld == 0 || rest2.get(ld).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if la == 4 && ld <= 2 {
        return Date::new(a as i16, b as i8, d as i8);
    }
    if la <= 2 && (ld == 4 || ld == 2) {
        let year = if ld == 2 { 2000 + d } else { d };
        // Day first, as most of the world writes it; fall back to month first when the
        // day-first reading is impossible (`06/25/2021`).
        return Date::new(year as i16, b as i8, a as i8)
            .or_else(|| Date::new(year as i16, a as i8, b as i8));
    }
    None
}

fn month_from_word(word: &str) -> Option<i8> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && m == "september")
        })
        .map(|p| p as i8 + 1)
}

fn word_at(c: &[char]) -> (String, usize) {
    let mut k = 0;
    while k < c.len() && c[k].is_alphabetic() {
        k += 1;
    }
    (c[..k].iter().collect(), k)
}

fn skip(c: &[char], mut k: usize, set: &[char]) -> usize {
    while k < c.len() && set.contains(&c[k]) {
        k += 1;
    }
    k
}

/// `March 2, 2026`, `Mar 2nd 2026`.
fn month_name_day_at(c: &[char]) -> Option<Date> {
    let (word, lw) = word_at(c);
    let month = month_from_word(word.trim_end_matches('.'))?;
    let k = skip(c, lw, &[' ', '.', '\u{a0}']);
    let (day, ld) = take_digits(&c[k..]);
    if ld == 0 || ld > 2 {
        return None;
    }
    let mut k = k + ld;
    let (suffix, ls) = word_at(&c[k..]);
    if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        k += ls;
    }
    let k = skip(c, k, &[',', ' ', '\u{a0}']);
    let (year, ly) = take_digits(&c[k..]);
    if ly != 4 {
        return None;
    }
    Date::new(year as i16, month, day as i8)
}

/// `2 March 2026`, `2nd of March, 2026`.
fn day_month_name_at(c: &[char]) -> Option<Date> {
    let (day, ld) = take_digits(c);
    if ld == 0 || ld > 2 {
        return None;
    }
    let mut k = ld;
    let (suffix, ls) = word_at(&c[k..]);
    if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
        k += ls;
    }
    k = skip(c, k, &[' ', '\u{a0}', '-']);
    let (of, lo) = word_at(&c[k..]);
    if of == "of" {
        k = skip(c, k + lo, &[' ']);
    }
    let (word, lw) = word_at(&c[k..]);
    let month = month_from_word(&word)?;
    k = skip(c, k + lw, &[' ', ',', '.', '-', '\u{a0}']);
    let (year, ly) = take_digits(&c[k..]);
    if ly != 4 {
        return None;
    }
    Date::new(year as i16, month, day as i8)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Option<String> {
        Date::find(s).map(|d| d.to_string())
    }

    #[test]
    fn reads_the_forms_teams_write() {
        assert_eq!(find("2026-03-02").as_deref(), Some("2026-03-02"));
        assert_eq!(find("[2022-10-05]").as_deref(), Some("2022-10-05"));
        assert_eq!(
            find("2019-05-13, updated 2023-02-05").as_deref(),
            Some("2019-05-13")
        );
        assert_eq!(find("05/06/2023").as_deref(), Some("2023-06-05"));
        assert_eq!(find("10/04/18").as_deref(), Some("2018-04-10"));
        assert_eq!(find("24.12.2020").as_deref(), Some("2020-12-24"));
        assert_eq!(find("June 19, 2019").as_deref(), Some("2019-06-19"));
        assert_eq!(find("19th June 2019").as_deref(), Some("2019-06-19"));
        assert_eq!(find("06/25/2021").as_deref(), Some("2021-06-25"));
        assert_eq!(find("no date here, version 1.2.3"), None);
        assert_eq!(find("2026-02-30"), None);
    }

    #[test]
    fn a_line_that_is_only_a_date() {
        let whole = |s: &str| Date::whole(s).map(|d| d.to_string());
        assert_eq!(whole("June 19, 2018").as_deref(), Some("2018-06-19"));
        assert_eq!(whole("11 March 2022").as_deref(), Some("2022-03-11"));
        assert_eq!(whole("*1 Mar 2023*").as_deref(), Some("2023-03-01"));
        assert_eq!(whole("_2018-06-19_").as_deref(), Some("2018-06-19"));
        assert_eq!(whole("Tuesday, 4 June 2019").as_deref(), Some("2019-06-04"));
        assert_eq!(whole("We moved on June 19, 2018"), None);
        assert_eq!(whole("Version 1.2.3"), None);
        assert_eq!(whole("19th June 2019").as_deref(), Some("2019-06-19"));
        assert_eq!(whole("ÅÅ 2019"), None);
    }

    #[test]
    fn intervals_in_days_weeks_months_and_years() {
        let d = Date::parse_iso("2024-01-31").unwrap();
        let add = |t: &str| d.plus(Interval::parse(t).unwrap()).to_string();
        assert_eq!(add("12 months"), "2025-01-31");
        assert_eq!(add("1 month"), "2024-02-29");
        assert_eq!(add("6 Months"), "2024-07-31");
        assert_eq!(add("2 weeks"), "2024-02-14");
        assert_eq!(add("90 days"), "2024-04-30");
        assert_eq!(add("1 year"), "2025-01-31");
        assert_eq!(add("1y"), "2025-01-31");
        assert_eq!(
            Interval::parse("12 months").unwrap().to_string(),
            "12 months"
        );
        assert_eq!(Interval::parse("1 years").unwrap().to_string(), "1 year");
        for bad in ["", "months", "12", "12 fortnights", "0 days", "-1 day"] {
            assert_eq!(Interval::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn says_when_a_date_reads_both_ways() {
        let (taken, other) = Date::ambiguous("03/04/2021").unwrap();
        assert_eq!(
            (taken.long(), other.long()),
            ("3 April 2021".into(), "4 March 2021".into())
        );
        assert_eq!(Date::ambiguous("25/04/2021"), None);
        assert_eq!(Date::ambiguous("2021-03-04"), None);
        assert_eq!(Date::ambiguous("04/04/2021"), None);
    }

    #[test]
    fn counts_days() {
        let a = Date::parse_iso("2026-01-01").unwrap();
        let b = Date::parse_iso("2027-03-01").unwrap();
        assert_eq!(a.days_until(b), 424);
        assert_eq!(b.days_until(a), -424);
        assert_eq!(a.add_days(31).to_string(), "2026-02-01");
    }
}
