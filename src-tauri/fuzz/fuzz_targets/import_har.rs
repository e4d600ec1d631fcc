//! A HAR file from anywhere (Hookscope's own or another tool's): reading it
//! never panics, and an entry that reads as a delivery, exported again as HAR
//! and read back, is the same delivery.
//!
//! Input: the HAR document.
#![no_main]

use std::ops::ControlFlow;

use hookscope_core::export::har;
use hookscope_core::import::{self, ImportedDelivery, Parsed};
use hookscope_fuzz::plain_export;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "fuzzed.har";

fn read_all(document: &[u8]) -> Vec<Parsed> {
    let mut parsed = Vec::new();
    let _ = import::har::read(document, FILE, |p| {
        parsed.push(p);
        ControlFlow::Continue(())
    });
    parsed
}

fn round_trip(imported: &ImportedDelivery) {
    let redactor = plain_export();
    let entry = har::entry(redactor.delivery(&imported.delivery, imported.replays.clone()));
    let entry = serde_json::to_string(&entry).expect("an entry serializes");
    let document = format!("{{\"log\":{{\"version\":\"1.2\",\"entries\":[{entry}]}}}}");
    match read_all(document.as_bytes()).as_slice() {
        [Parsed::Delivery(again)] => assert_eq!(again.as_ref(), imported, "{document}"),
        other => panic!("an exported entry does not read back: {other:?}: {document}"),
    }
}

fuzz_target!(|data: &[u8]| {
    for parsed in read_all(data) {
        if let Parsed::Delivery(imported) = parsed {
            round_trip(&imported);
        }
    }
});
