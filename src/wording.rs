//! How counts read in English output, one home for every message and page that says
//! `1 day` or `3 days`.

use std::fmt::Display;

/// `n` followed by `one` or `many`: `plural(1, "day", "days")` is `1 day`, any other count
/// (0 too) takes `many`.
pub fn plural<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let word = if n == N::from(1) { one } else { many };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(plural(1usize, "day", "days"), "1 day");
        assert_eq!(plural(0usize, "day", "days"), "0 days");
        assert_eq!(plural(-1i64, "day", "days"), "-1 days");
        assert_eq!(
            plural(12i64, "stale proposal", "stale proposals"),
            "12 stale proposals"
        );
    }
}
