//! A Hookscope log (NDJSON) from anywhere: reading it never panics, and a line
//! that reads as a delivery, exported again and read back, is the same delivery.
//!
//! Input: the file, a manifest line optional.
#![no_main]

use std::ops::ControlFlow;

use hookscope_core::export::ndjson::delivery_line;
use hookscope_core::import::{ndjson, ImportedDelivery, Parsed};
use hookscope_fuzz::plain_export;
use libfuzzer_sys::fuzz_target;

const FILE: &str = "fuzzed.ndjson";

fn round_trip(imported: &ImportedDelivery) {
    let redactor = plain_export();
    let exported = redactor.delivery(&imported.delivery, imported.replays.clone());
    let (line, cut) = delivery_line(&redactor, &exported).expect("a delivery serializes");
    assert_eq!(cut, 0);
    assert!(line.ends_with('\n') && !line.trim_end_matches('\n').contains('\n'), "one line: {line:?}");
    match ndjson::parse_line(line.trim_end().as_bytes(), FILE) {
        Ok(again) => assert_eq!(&again, imported, "{line}"),
        Err(error) => panic!("an exported line does not read back: {error}: {line}"),
    }
}

fuzz_target!(|data: &[u8]| {
    // Line by line, as an import reads the file.
    let _ = ndjson::read(data, FILE, |parsed| {
        if let Parsed::Delivery(imported) = parsed {
            round_trip(&imported);
        }
        ControlFlow::Continue(())
    });
    // The whole input as one line, so a mutated delivery is tried without its neighbours.
    if let Ok(imported) = ndjson::parse_line(data, FILE) {
        round_trip(&imported);
    }
});
