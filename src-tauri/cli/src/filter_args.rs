//! The filter options of `hookscope list`: the timeline's filter, from the command line.

use clap::Args;
use hookscope_core::store::{StatusRange, TimelineFilter};
use hookscope_core::verify::VerificationStatus;

#[derive(Args)]
pub struct FilterArgs {
    /// Only deliveries whose path, headers or body (its first 256 KiB) contain every
    /// word, ignoring ASCII case; "quote a phrase". Words under 3 characters are ignored.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only deliveries whose JSON body has this top-level `type`, e.g.
    /// verification.completed (repeatable).
    #[arg(long = "type", value_name = "EVENT_TYPE")]
    pub event_types: Vec<String>,
    /// Only deliveries answered with this status: a class (2xx), a status (404) or a
    /// range (500-504) (repeatable).
    #[arg(long, value_name = "STATUS", value_parser = StatusRange::parse)]
    pub answered: Vec<StatusRange>,
    /// Only retries and duplicate events.
    #[arg(long)]
    pub duplicates: bool,
    /// Only deliveries received at or after this time: RFC 3339
    /// (2026-05-29T17:33:21Z) or a time ago (30s, 15m, 2h, 7d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only deliveries received before this time (as for --since).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
}

impl FilterArgs {
    /// The filter these options ask for, with `verdicts` (from `--status`); times
    /// ago count back from `now_ms`.
    pub fn to_filter(&self, verdicts: Vec<VerificationStatus>, now_ms: i64) -> Result<TimelineFilter, String> {
        let when = |text: &Option<String>| text.as_deref().map(|t| parse_when(t, now_ms)).transpose();
        let search = self.search.clone().unwrap_or_default();
        let query = hookscope_core::search::SearchQuery::parse(&search);
        if !search.trim().is_empty() && query.is_empty() {
            return Err(format!("nothing to search for in '{search}': search words need at least 3 characters"));
        }
        Ok(TimelineFilter {
            verdicts,
            search,
            event_types: self.event_types.clone(),
            statuses: self.answered.clone(),
            duplicates_only: self.duplicates,
            since_ms: when(&self.since)?,
            until_ms: when(&self.until)?,
        })
    }
}

/// An RFC 3339 time, or a number of seconds, minutes, hours or days before `now_ms`.
fn parse_when(text: &str, now_ms: i64) -> Result<i64, String> {
    if let Some(ms) = hookscope_core::clock::parse_rfc3339_ms(text) {
        return Ok(ms);
    }
    let bad =
        || format!("'{text}' is not a time: use RFC 3339 (2026-05-29T17:33:21Z) or a time ago (30s, 15m, 2h, 7d)");
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let count: i64 = text[..split].parse().map_err(|_| bad())?;
    let unit_ms: i64 = match &text[split..] {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    count.checked_mul(unit_ms).and_then(|ago| now_ms.checked_sub(ago)).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_681_812_345;

    #[test]
    fn times_are_rfc3339_or_ago() {
        assert_eq!(parse_when("2026-11-26T08:30:12.345Z", NOW), Ok(NOW));
        assert_eq!(parse_when("90s", NOW), Ok(NOW - 90_000));
        assert_eq!(parse_when("15m", NOW), Ok(NOW - 900_000));
        assert_eq!(parse_when("2h", NOW), Ok(NOW - 7_200_000));
        assert_eq!(parse_when("7d", NOW), Ok(NOW - 604_800_000));
        for bad in ["", "h", "2", "2w", "-3h", "yesterday", "99999999999999999d"] {
            assert!(parse_when(bad, NOW).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_options_fit_beside_list_s_own() {
        use clap::{CommandFactory as _, Parser};
        #[derive(Parser)]
        struct List {
            #[arg(long = "status")]
            statuses: Vec<String>,
            #[command(flatten)]
            filter: FilterArgs,
        }
        List::command().debug_assert();
        let list =
            List::try_parse_from(["list", "--status", "mismatch", "--answered", "5xx", "--search", "ver"]).unwrap();
        assert_eq!(list.statuses, ["mismatch"]);
        assert_eq!(list.filter.answered, [StatusRange { from: 500, to: 599 }]);
    }

    #[test]
    fn options_become_the_filter() {
        let args = FilterArgs {
            search: Some("ver_1".into()),
            event_types: vec!["verification.completed".into()],
            answered: vec![StatusRange { from: 500, to: 599 }],
            duplicates: true,
            since: Some("1h".into()),
            until: None,
        };
        let filter = args.to_filter(vec![VerificationStatus::Mismatch], NOW).unwrap();
        assert_eq!(filter.search, "ver_1");
        assert_eq!(filter.since_ms, Some(NOW - 3_600_000));
        assert_eq!(filter.until_ms, None);
        assert!(filter.duplicates_only);
        assert_eq!(filter.verdicts, [VerificationStatus::Mismatch]);
        let short = FilterArgs { search: Some("id".into()), ..args };
        assert!(short.to_filter(Vec::new(), NOW).unwrap_err().contains("at least 3 characters"));
    }
}
