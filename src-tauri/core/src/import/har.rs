//! Reading a HAR file entry by entry: serde visitors walk `log.entries` and hand
//! each entry over as it is read, so memory holds one entry, whatever the file's
//! size. Entries written by Hookscope come back as recorded (`_hookscope`);
//! entries from other tools become deliveries received at their start time.

use std::fmt;
use std::io::Read;
use std::ops::ControlFlow;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use sha2::{Digest as _, Sha256};

use super::record::{self, RecordError};
use super::{ImportError, ImportedDelivery, Parsed, Rejected};
use crate::delivery::{header_value, Answer, Captured, Delivery};
use crate::export::har::Entry;
use crate::group::{self, Classification, Relation};

/// The delivery of one HAR entry, imported from `file`.
pub fn from_entry(entry: Entry, file: &str) -> Result<ImportedDelivery, RecordError> {
    let request = entry.request;
    let headers: Vec<(String, String)> = request.headers.into_iter().map(|h| (h.name, h.value)).collect();
    let (body, body_base64) = match request.post_data {
        Some(post) if post.encoding.as_deref() == Some("base64") => (None, Some(post.text)),
        Some(post) => (Some(post.text), None),
        None => (None, None),
    };
    let Some(kept) = entry.hookscope else {
        let body = record::body_bytes(body, body_base64.as_deref())?;
        let headers = record::header_bytes(headers);
        return foreign(
            entry.started_date_time,
            request.method,
            &request.url,
            headers,
            body,
            entry.response.status,
            file,
        );
    };
    // Hookscope's own entry: its record, with the request's headers and body put back.
    let mut delivery = kept.delivery;
    (delivery.method, delivery.headers, delivery.body, delivery.body_base64) =
        (request.method, headers, body, body_base64);
    record::from_json(delivery, file)
}

/// An entry another tool recorded: no verdict yet (re-verify to get one), grouped
/// by its own keys, and an id made from its content so a second import finds it.
fn foreign(
    started: String,
    method: String,
    url: &str,
    headers: crate::delivery::Headers,
    body: bytes::Bytes,
    status: u16,
    file: &str,
) -> Result<ImportedDelivery, RecordError> {
    let received_at_ms = record::time(&started)?;
    let parsed = url::Url::parse(url).map_err(|_| RecordError::Url(url.to_owned()))?;
    let path = match parsed.query() {
        Some(query) => format!("{}?{query}", parsed.path()),
        None => parsed.path().to_owned(),
    };
    let mut hash = Sha256::new();
    for part in
        [started.as_bytes(), method.as_bytes(), url.as_bytes(), &crate::delivery::encode_headers(&headers), &body]
    {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    let digest = hash.finalize();
    let seed = u64::from_le_bytes(std::array::from_fn(|i| digest[i]));
    let message_id = group::message_id(&headers, &body);
    let dedup_key = group::dedup_key(&body, message_id.as_deref());
    let declared_size = header_value(&headers, "content-length").and_then(|v| v.trim().parse().ok());
    let delivery = Delivery {
        id: crate::id::IdMinter::seeded(seed).mint(received_at_ms),
        captured: Captured {
            received_at_ms,
            remote_addr: None,
            method,
            path,
            headers,
            body,
            declared_size,
            rejection: None,
            message_id,
            dedup_key,
            verification: None,
        },
        answer: Answer::plain(status),
        grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
        imported_from: Some(file.to_owned()),
        pinned: false,
    };
    Ok(ImportedDelivery { delivery, replays: Vec::new() })
}

/// Reads `reader` as a HAR document, calling `each` with every entry (or why
/// it was skipped) in order; stops early when `each` breaks.
pub fn read(reader: impl Read, file: &str, each: impl FnMut(Parsed) -> ControlFlow<()>) -> Result<(), ImportError> {
    let mut walk = Walk { each, file, seen: 0, stopped: false, found_log: false };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let outcome = Document(&mut walk).deserialize(&mut de).and_then(|()| de.end());
    match outcome {
        _ if walk.stopped => Ok(()),
        Ok(()) if walk.found_log => Ok(()),
        Ok(()) => Err(ImportError::NoLog),
        Err(error) if error.is_io() => Err(ImportError::Read(error.into())),
        Err(source) => Err(ImportError::Har { entry: walk.seen, source }),
    }
}

struct Walk<'a, F> {
    each: F,
    file: &'a str,
    /// Entries read so far.
    seen: u64,
    /// `each` asked to stop: the error that unwound serde is not the file's fault.
    stopped: bool,
    found_log: bool,
}

impl<F: FnMut(Parsed) -> ControlFlow<()>> Walk<'_, F> {
    fn entry(&mut self, value: serde_json::Value) -> ControlFlow<()> {
        self.seen += 1;
        let at = format!("entry {}", self.seen);
        let parsed = match serde_json::from_value::<Entry>(value).map_err(RecordError::Shape) {
            Ok(entry) => from_entry(entry, self.file),
            Err(error) => Err(error),
        };
        (self.each)(match parsed {
            Ok(delivery) => Parsed::Delivery(Box::new(delivery)),
            Err(error) => Parsed::Rejected(Rejected::new(at, &error)),
        })
    }
}

/// The top level: `{"log": …}`; other keys are skipped.
struct Document<'w, 'a, F>(&'w mut Walk<'a, F>);
/// `log`: only `entries` is read.
struct Log<'w, 'a, F>(&'w mut Walk<'a, F>);
/// `log.entries`, one element at a time.
struct Entries<'w, 'a, F>(&'w mut Walk<'a, F>);

macro_rules! map_of {
    ($seed:ident, $key:literal, $inner:ident, $what:literal, $on_found:expr) => {
        impl<'de, F: FnMut(Parsed) -> ControlFlow<()>> DeserializeSeed<'de> for $seed<'_, '_, F> {
            type Value = ();
            fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.deserialize_map(self)
            }
        }
        impl<'de, F: FnMut(Parsed) -> ControlFlow<()>> Visitor<'de> for $seed<'_, '_, F> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                while let Some(key) = map.next_key::<String>()? {
                    if key == $key {
                        let on_found: fn(&mut Walk<'_, F>) = $on_found;
                        on_found(self.0);
                        map.next_value_seed($inner(&mut *self.0))?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(())
            }
        }
    };
}

map_of!(Document, "log", Log, "a HAR document (an object with a log)", |walk| walk.found_log = true);
map_of!(Log, "entries", Entries, "the HAR log object", |_| ());

impl<'de, F: FnMut(Parsed) -> ControlFlow<()>> DeserializeSeed<'de> for Entries<'_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Parsed) -> ControlFlow<()>> Visitor<'de> for Entries<'_, '_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the array of HAR entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Each entry is read whole as a value first, so one of the wrong shape is
        // skipped and reported while the reader stays in step.
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            if self.0.entry(value).is_break() {
                self.0.stopped = true;
                return Err(de::Error::custom("the import stopped"));
            }
        }
        Ok(())
    }
}
