//! Instants in session files: UTC to the second, written as RFC 3339, so a timestamp never
//! makes a diff noisier than the change it records.

use std::fmt;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC instant to the second: written as RFC 3339 (`2026-11-25T09:30:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Timestamp {
        Timestamp::from_datetime(Utc::now())
    }

    /// Drops the sub-second part, which only makes diffs noisy.
    pub fn from_datetime(at: DateTime<Utc>) -> Timestamp {
        let secs = at.timestamp();
        Timestamp(DateTime::from_timestamp(secs, 0).unwrap_or(at))
    }

    pub fn from_unix(secs: i64) -> Option<Timestamp> {
        DateTime::from_timestamp(secs, 0).map(Timestamp)
    }

    pub fn datetime(&self) -> DateTime<Utc> {
        self.0
    }

    pub fn date(&self) -> NaiveDate {
        self.0.date_naive()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A UTC instant to the second, RFC 3339 (2026-11-25T09:30:00Z)",
            "type": "string",
            "format": "date-time"
        })
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| Timestamp::from_datetime(t.with_timezone(&Utc)))
            .map_err(|e| {
                serde::de::Error::custom(format!(
                    "{text:?} is not an RFC 3339 timestamp like \"2026-11-25T09:30:00Z\" ({e})"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_drop_sub_seconds() {
        let t = Timestamp::from_datetime(
            DateTime::parse_from_rfc3339("2026-11-25T09:30:00.123456Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        assert_eq!(t.to_string(), "2026-11-25T09:30:00Z");
    }
}
