//! Dates as people say them in a workshop: the one parser behind every date field of the
//! workshop screen, `gapwalk set` and the command line's date options.
//!
//! Accepted, case-blind, with spaces around ignored:
//! - an ISO date `YYYY-MM-DD` (years 1 to 9999; year 0 and negative years are refused);
//! - `today`;
//! - `+Nd`, `+Nw`, `+Nm`, `+Ny`: N days, weeks, months or years from today; a month or year
//!   step that lands past the end of a shorter month stays on that month's last day
//!   (2027-01-31 `+1m` is 2027-02-28); `-Nd` and the like count back, for the day a piece of
//!   evidence was produced (`-2w`);
//! - `eoq`: the last day of the current calendar quarter;
//! - `q1`..`q4`: the last day of that calendar quarter (31 March, 30 June, 30 September,
//!   31 December) of this year, or of next year once that day has passed.
//!
//! Nothing here reads the clock: `today` is passed in, so the caller decides what today is
//! (the local date for a person, a fixed date in tests).

use chrono::{Datelike, Duration, Local, Months, NaiveDate};

/// The word that clears a date.
pub const NONE: &str = "none";

/// What a date field accepts, for help texts and error messages.
pub const SYNTAX: &str = "YYYY-MM-DD, today, +90d, +2w, +3m, +1y (or -30d back), eoq or q1-q4";

/// The local calendar date: what `today` means to the people in the room.
pub fn local_today() -> NaiveDate {
    Local::now().date_naive()
}

/// Reads a date. An empty text or `none` is `Ok(None)` (the field is cleared). The error says
/// what was expected.
pub fn parse(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() || t == NONE {
        return Ok(None);
    }
    parse_word(&t, today)
        .or_else(|| parse_step(&t, today))
        .unwrap_or_else(|| parse_iso(&t))
        .map(Some)
}

fn expected(text: &str) -> String {
    format!("{text:?} is not a date; expected {SYNTAX} (e.g. 2027-03-31), or none to clear it")
}

/// The last day of the calendar quarter `q` (1 to 4) of `year`.
fn quarter_end(year: i32, q: u32) -> Option<NaiveDate> {
    let (month, day) = match q {
        1 => (3, 31),
        2 => (6, 30),
        3 => (9, 30),
        4 => (12, 31),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn parse_word(t: &str, today: NaiveDate) -> Option<Result<NaiveDate, String>> {
    let date = match t {
        "today" => Some(today),
        "eoq" => quarter_end(today.year(), (today.month() - 1) / 3 + 1),
        _ => {
            let q = t.strip_prefix('q')?.parse::<u32>().ok()?;
            if !(1..=4).contains(&q) {
                return Some(Err(format!(
                    "{t:?} is not a quarter; expected q1, q2, q3 or q4"
                )));
            }
            quarter_end(today.year(), q)
                .filter(|end| *end >= today)
                .or_else(|| quarter_end(today.year() + 1, q))
        }
    };
    Some(date.ok_or_else(|| format!("{t:?} falls outside the calendar from {today}")))
}

fn parse_step(t: &str, today: NaiveDate) -> Option<Result<NaiveDate, String>> {
    let (back, rest) = match t.strip_prefix('+') {
        Some(rest) => (false, rest),
        // `-0001-01-01` is a negative year, which `parse_iso` refuses as such.
        None => (
            true,
            t.strip_prefix('-').filter(|rest| !rest.contains('-'))?,
        ),
    };
    let unit = rest.chars().last()?;
    let count = &rest[..rest.len() - unit.len_utf8()];
    let Ok(n) = count.trim().parse::<u32>() else {
        return Some(Err(format!(
            "{t:?} is not a step from today; expected a whole number then d, w, m or y (e.g. +90d, +3m, -30d)"
        )));
    };
    let days = |days: i64| {
        if back {
            today.checked_sub_signed(Duration::days(days))
        } else {
            today.checked_add_signed(Duration::days(days))
        }
    };
    let months = |months: u32| {
        if back {
            today.checked_sub_months(Months::new(months))
        } else {
            today.checked_add_months(Months::new(months))
        }
    };
    let date = match unit {
        'd' => days(i64::from(n)),
        'w' => i64::from(n).checked_mul(7).and_then(days),
        'm' => months(n),
        'y' => n.checked_mul(12).and_then(months),
        _ => {
            return Some(Err(format!(
                "{t:?}: the step's unit must be d (days), w (weeks), m (months) or y (years)"
            )));
        }
    };
    Some(
        date.filter(|d| in_range(*d))
            .ok_or_else(|| format!("{t:?} goes past the years 0001 to 9999")),
    )
}

/// `YYYY-MM-DD` exactly: four-digit year from 0001, two-digit month and day.
fn parse_iso(t: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let [y, m, d] = parts[..] else {
        return Err(expected(t));
    };
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(expected(t));
    }
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| expected(t))?,
        m.parse().map_err(|_| expected(t))?,
        d.parse().map_err(|_| expected(t))?,
    );
    if y == 0 {
        return Err(format!(
            "{t:?}: there is no year 0 in the calendar; years run from 0001"
        ));
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("{t:?} is not a day of the calendar; expected {SYNTAX}"))
}

/// Whether a date read from a file lies in the years this parser accepts (1 to 9999), so a
/// session cannot hold a date that `set` would refuse.
pub fn in_range(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(text: &str, today: NaiveDate) -> NaiveDate {
        parse(text, today).unwrap().unwrap()
    }

    #[test]
    fn iso_dates_and_clearing() {
        let today = d(2026, 11, 25);
        assert_eq!(at("2027-03-31", today), d(2027, 3, 31));
        assert_eq!(at("  2027-03-31 ", today), d(2027, 3, 31));
        assert_eq!(parse("", today).unwrap(), None);
        assert_eq!(parse("None", today).unwrap(), None);
        assert!(parse("2027-02-30", today).is_err());
        assert!(parse("2027-3-31", today).is_err());
        assert!(parse("31/03/2027", today).is_err());
    }

    #[test]
    fn year_zero_and_negative_years_are_refused() {
        let today = d(2026, 11, 25);
        let zero = parse("0000-01-01", today).unwrap_err();
        assert!(zero.contains("no year 0"), "{zero}");
        assert!(parse("-0001-01-01", today).is_err());
        assert!(parse("-001-01-01", today).is_err());
        assert!(parse("+10000-01-01", today).is_err());
        assert_eq!(at("0001-01-01", today), d(1, 1, 1));
    }

    #[test]
    fn today_and_steps_count_from_the_given_day() {
        let today = d(2026, 11, 25);
        assert_eq!(at("Today", today), today);
        assert_eq!(at("+90d", today), d(2027, 2, 23));
        assert_eq!(at("+2w", today), d(2026, 12, 9));
        assert_eq!(at("+3m", today), d(2027, 2, 25));
        assert_eq!(at("+1y", today), d(2027, 11, 25));
        assert_eq!(at("+0d", today), today);
        // Back, for the day a piece of evidence was produced.
        assert_eq!(at("-30d", today), d(2026, 10, 26));
        assert_eq!(at("-2w", today), d(2026, 11, 11));
        assert_eq!(at("-1y", today), d(2025, 11, 25));
        assert_eq!(at("-1m", d(2027, 3, 31)), d(2027, 2, 28));
        assert!(parse("-4000000d", today).is_err());
    }

    #[test]
    fn month_steps_clamp_to_the_end_of_a_shorter_month() {
        assert_eq!(at("+1m", d(2027, 1, 31)), d(2027, 2, 28));
        assert_eq!(at("+1m", d(2028, 1, 31)), d(2028, 2, 29));
        assert_eq!(at("+3m", d(2026, 11, 30)), d(2027, 2, 28));
        assert_eq!(at("+1y", d(2028, 2, 29)), d(2029, 2, 28));
        assert_eq!(at("+12m", d(2028, 2, 29)), d(2029, 2, 28));
    }

    #[test]
    fn quarters_are_calendar_quarters_ending_this_year_or_next_once_passed() {
        let today = d(2026, 11, 25);
        assert_eq!(at("eoq", today), d(2026, 12, 31));
        assert_eq!(at("eoq", d(2026, 2, 1)), d(2026, 3, 31));
        assert_eq!(at("eoq", d(2026, 6, 30)), d(2026, 6, 30));
        assert_eq!(at("q4", today), d(2026, 12, 31));
        assert_eq!(at("q1", today), d(2027, 3, 31));
        assert_eq!(at("Q3", today), d(2027, 9, 30));
        // The last day of a quarter is still this year's.
        assert_eq!(at("q1", d(2026, 3, 31)), d(2026, 3, 31));
        assert_eq!(at("q1", d(2026, 4, 1)), d(2027, 3, 31));
        assert!(parse("q5", today).unwrap_err().contains("quarter"));
        assert!(parse("q0", today).is_err());
    }

    #[test]
    fn malformed_steps_say_what_was_expected() {
        let today = d(2026, 11, 25);
        assert!(parse("+", today).is_err());
        assert!(parse("+d", today).unwrap_err().contains("whole number"));
        assert!(parse("+3x", today).unwrap_err().contains("unit"));
        assert!(parse("+-3d", today).is_err());
        assert!(parse("+99999999y", today).is_err());
        assert!(parse("+4000000000d", today).is_err());
        assert!(parse("tomorrow", today).unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse("+3é", today).is_err());
    }
}
