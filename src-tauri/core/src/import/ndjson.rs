//! Reading a Hookscope log line by line. The first line is the manifest; a file
//! without one (the output of `hookscope list --json`) is read as deliveries.

use std::io::{BufRead, Read as _};
use std::ops::ControlFlow;

use serde::Deserialize;

use super::record::{self, RecordError};
use super::{ImportError, ImportedDelivery, Parsed, Rejected};
use crate::export::manifest::{NDJSON_FORMAT, VERSION};
use crate::export::ExportedDelivery;

/// The longest line read: a 10 MiB body in base64 with its headers fits.
pub const MAX_LINE: usize = 64 << 20;

/// The fields of a manifest an import checks.
#[derive(Deserialize)]
struct ManifestHead {
    format: String,
    #[serde(default)]
    version: u32,
}

/// One line's delivery, imported from `file`.
pub fn parse_line(line: &[u8], file: &str) -> Result<ImportedDelivery, RecordError> {
    let exported: ExportedDelivery = serde_json::from_slice(line).map_err(RecordError::Shape)?;
    record::from_json(exported.delivery, file)
}

/// Checks the first line: Ok(true) when it is a manifest (and this build reads
/// it), Ok(false) when it is something else to read as a delivery.
fn manifest(line: &[u8]) -> Result<bool, ImportError> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(ImportError::NotJson)?;
    if value.get("format").is_none() {
        return Ok(false);
    }
    let head: ManifestHead = serde_json::from_value(value).map_err(ImportError::NotJson)?;
    if head.format != NDJSON_FORMAT {
        return Err(ImportError::UnknownFormat(head.format));
    }
    if head.version > VERSION {
        return Err(ImportError::NewerVersion { found: head.version, known: VERSION });
    }
    Ok(true)
}

/// Reads every line of `reader`, calling `each` with each delivery or rejected
/// line; stops early when `each` breaks. Blank lines are ignored.
pub fn read(
    mut reader: impl BufRead,
    file: &str,
    mut each: impl FnMut(Parsed) -> ControlFlow<()>,
) -> Result<(), ImportError> {
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut first = true;
    loop {
        line.clear();
        number += 1;
        let read = (&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line).map_err(ImportError::Read)?;
        if read == 0 {
            return Ok(());
        }
        if line.len() > MAX_LINE {
            return Err(ImportError::LineTooLong { line: number, limit: MAX_LINE });
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        if std::mem::take(&mut first) && manifest(text)? {
            continue;
        }
        let parsed = match parse_line(text, file) {
            Ok(delivery) => Parsed::Delivery(Box::new(delivery)),
            Err(error) => Parsed::Rejected(Rejected::new(format!("line {number}"), &error)),
        };
        if each(parsed).is_break() {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"01KDELIVERY","received_at":"2026-11-26T08:30:12.345Z","remote_addr":null,"method":"POST","path":"/h?x=1","headers":[["content-type","application/json"]],"body":"{}","size":2,"response":{"status":503,"delay_ms":0,"scripted":true,"held":false},"verification":null,"message_id":"msg_1","dedup_key":"v-completed","attempt":2,"duplicate_of":"01KFIRST","relation":{"kind":"retry","of":"01KFIRST"},"sender_outcome":{"kind":"will_retry","summary":"x","next_attempt_at_ms":null,"attempt":2,"max_attempts":8},"replays":[]}"#;

    fn read_all(text: &str) -> Result<Vec<Parsed>, ImportError> {
        let mut out = Vec::new();
        read(text.as_bytes(), "a.ndjson", |p| {
            out.push(p);
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    #[test]
    fn a_line_becomes_the_delivery_it_records() {
        let d = parse_line(LINE.as_bytes(), "a.ndjson").unwrap().delivery;
        assert_eq!(d.id, "01KDELIVERY");
        assert_eq!(d.captured.received_at_ms, 1_795_681_812_345);
        assert_eq!(d.captured.path, "/h?x=1");
        assert_eq!(&d.captured.body[..], b"{}");
        assert_eq!(d.answer.status, 503);
        assert!(d.answer.scripted);
        assert_eq!(d.grouping.attempt, 2);
        assert_eq!(d.grouping.duplicate_of.as_deref(), Some("01KFIRST"));
        assert_eq!(d.imported_from.as_deref(), Some("a.ndjson"));
    }

    #[test]
    fn the_manifest_is_checked_and_malformed_lines_are_rejected_with_their_number() {
        let manifest = r#"{"format":"hookscope-log","version":1,"count":2}"#;
        let text = format!("{manifest}\n{LINE}\n\nnot json\n{{\"id\":\"x\"}}\n");
        let parsed = read_all(&text).unwrap();
        assert_eq!(parsed.len(), 3);
        assert!(matches!(&parsed[0], Parsed::Delivery(_)));
        let Parsed::Rejected(second) = &parsed[1] else { panic!("line 4 should be rejected") };
        assert_eq!(second.at, "line 4");
        assert!(second.message.starts_with("not a delivery: expected"), "{}", second.message);
        let Parsed::Rejected(third) = &parsed[2] else { panic!("line 5 should be rejected") };
        assert_eq!(third.at, "line 5");
        assert!(third.message.contains("missing field"), "{}", third.message);
    }

    #[test]
    fn a_file_without_manifest_is_read_as_deliveries() {
        assert_eq!(read_all(&format!("{LINE}\n{LINE}")).unwrap().len(), 2);
    }

    #[test]
    fn foreign_or_newer_files_stop_the_import() {
        let newer = read_all("{\"format\":\"hookscope-log\",\"version\":9}\n").unwrap_err();
        assert!(matches!(newer, ImportError::NewerVersion { found: 9, known: 1 }), "{newer}");
        let other = read_all("{\"format\":\"other\"}\n").unwrap_err();
        assert_eq!(other.to_string(), "the manifest names the format 'other', not a Hookscope log");
        let binary = read_all("\u{1}PNG\n").unwrap_err();
        assert!(matches!(binary, ImportError::NotJson(_)), "{binary}");
    }

    #[test]
    fn bad_times_and_bodies_are_named() {
        let bad_time = LINE.replace("2026-11-26T08:30:12.345Z", "yesterday");
        let error = parse_line(bad_time.as_bytes(), "f").unwrap_err();
        assert_eq!(error.to_string(), "'yesterday' is not an RFC 3339 time");
        let bad_body = LINE.replace(r#""body":"{}""#, r#""body_base64":"%%%""#);
        assert!(matches!(parse_line(bad_body.as_bytes(), "f").unwrap_err(), RecordError::Base64(_)));
    }
}
