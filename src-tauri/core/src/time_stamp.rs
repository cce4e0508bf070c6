//! The one time format of the library: UTC RFC 3339 with milliseconds, so that
//! text order is time order.

use time::{format_description::FormatItem, macros::format_description, OffsetDateTime};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// The current time as stored in the library.
pub(crate) fn now() -> String {
    format(OffsetDateTime::now_utc())
}

pub(crate) fn format(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00.000Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_utc_with_milliseconds() {
        assert_eq!(
            format(datetime!(2026-11-27 19:05:15.123456 +01:00)),
            "2026-11-27T18:05:15.123Z"
        );
    }

    #[test]
    fn now_sorts_as_text() {
        let a = now();
        let b = now();
        assert!(a <= b);
        assert_eq!(a.len(), 24);
    }
}
