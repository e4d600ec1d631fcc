//! The HMACs the schemes use, signature text encodings, and constant-time comparison.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use super::SignatureEncoding;

/// Standard base64 that, like the official libraries (Python pads with `==`
/// before decoding), accepts text with or without padding.
pub(crate) const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The hash under the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Sha256,
    /// Only GitHub's legacy `X-Hub-Signature`.
    Sha1,
}

/// HMAC of the concatenation of `parts`, fed piecewise so a large body is not copied.
pub(crate) fn compute(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac>(mut mac: M, parts: &[&[u8]]) -> Vec<u8> {
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
    // HMAC accepts keys of any length (long keys are hashed, short ones padded), so
    // `new_from_slice` cannot fail here; the `Err` arm exists only for fixed-size MACs.
    match algorithm {
        Algorithm::Sha256 => match Hmac::<sha2::Sha256>::new_from_slice(key) {
            Ok(mac) => run(mac, parts),
            Err(_) => Vec::new(),
        },
        Algorithm::Sha1 => match Hmac::<sha1::Sha1>::new_from_slice(key) {
            Ok(mac) => run(mac, parts),
            Err(_) => Vec::new(),
        },
    }
}

/// Compares in constant time, so timing does not leak how much of a guess was right.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    !a.is_empty() && bool::from(a.ct_eq(b))
}

pub(crate) fn encode(encoding: SignatureEncoding, bytes: &[u8]) -> String {
    match encoding {
        SignatureEncoding::Hex => hex::encode(bytes),
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// Decodes signature text; `None` when it is not valid in that encoding.
pub(crate) fn decode(encoding: SignatureEncoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        SignatureEncoding::Hex => hex::decode(text).ok(),
        SignatureEncoding::Base64 => LENIENT_BASE64.decode(text).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231_case_2() {
        let mac = compute(Algorithm::Sha256, b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn hmac_sha1_matches_rfc_2202_case_2() {
        let mac = compute(Algorithm::Sha1, b"Jefe", &[b"what do ya want for nothing?"]);
        assert_eq!(hex::encode(mac), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    #[test]
    fn comparison_needs_equal_non_empty_bytes() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
        assert!(!same(b"", b""));
    }

    #[test]
    fn base64_decoding_accepts_missing_padding() {
        assert_eq!(decode(SignatureEncoding::Base64, "YWI="), Some(b"ab".to_vec()));
        assert_eq!(decode(SignatureEncoding::Base64, "YWI"), Some(b"ab".to_vec()));
        assert_eq!(decode(SignatureEncoding::Base64, "Y!I="), None);
        assert_eq!(decode(SignatureEncoding::Hex, "0aFF"), Some(vec![0x0a, 0xff]));
        assert_eq!(decode(SignatureEncoding::Hex, "0g"), None);
    }
}
