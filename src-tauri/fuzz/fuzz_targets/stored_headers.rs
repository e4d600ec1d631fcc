//! Whatever bytes sit in the store's headers column: decoding never panics, and
//! what it decodes survives being encoded and decoded again.
#![no_main]

use hookscope_core::delivery::{decode_headers, encode_headers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let headers = decode_headers(data);
    assert_eq!(decode_headers(&encode_headers(&headers)), headers);
});
