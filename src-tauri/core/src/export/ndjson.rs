//! The Hookscope log: the manifest on the first line, then one delivery per
//! line — the object `hookscope list --json` prints, with its redaction marker.

use super::manifest::Manifest;
use super::{ExportedDelivery, Redactor};

/// The first line.
pub fn manifest_line(manifest: &Manifest) -> Result<String, serde_json::Error> {
    let mut line = serde_json::to_string(manifest)?;
    line.push('\n');
    Ok(line)
}

/// One delivery's line, and how many secrets were cut from it at the last step.
pub fn delivery_line(redactor: &Redactor, delivery: &ExportedDelivery) -> Result<(String, u32), serde_json::Error> {
    let (mut line, cut) = redactor.encode(delivery)?;
    line.push('\n');
    Ok((line, cut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::{Answer, Captured, Delivery};
    use crate::export::{NeverWritten, RedactionOptions};
    use crate::group::{Classification, Relation};

    fn delivery(body: &[u8]) -> Delivery {
        Delivery {
            id: "01KEXPORT".into(),
            captured: Captured {
                received_at_ms: 1_795_681_812_345,
                remote_addr: Some("127.0.0.1:5555".into()),
                method: "POST".into(),
                path: "/webhooks/self".into(),
                headers: vec![
                    ("authorization".into(), b"Bearer abc".to_vec()),
                    ("content-type".into(), b"application/json".to_vec()),
                ],
                body: bytes::Bytes::copy_from_slice(body),
                declared_size: Some(body.len() as u64),
                rejection: None,
                message_id: None,
                dedup_key: "k".into(),
                verification: None,
            },
            answer: Answer::plain(200),
            grouping: Classification { attempt: 1, duplicate_of: None, relation: Relation::Original },
            imported_from: None,
            pinned: false,
        }
    }

    #[test]
    fn a_delivery_line_is_the_list_json_object_plus_its_marker() {
        let redactor = Redactor::new(&RedactionOptions::default(), NeverWritten::default()).unwrap();
        let d = delivery(b"{\"a\":1}");
        let (line, cut) = delivery_line(&redactor, &redactor.delivery(&d, Vec::new())).unwrap();
        assert_eq!(cut, 0);
        assert!(line.ends_with("}\n") && !line[..line.len() - 1].contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let mut listed = serde_json::to_value(d.to_json()).unwrap();
        listed["headers"][0][1] = "[redacted]".into();
        listed
            .as_object_mut()
            .unwrap()
            .insert("redacted".into(), serde_json::json!({"headers": ["authorization"], "body": false}));
        assert_eq!(value, listed);
    }

    #[test]
    fn a_binary_body_stays_base64_and_byte_exact() {
        let redactor = Redactor::new(&RedactionOptions::none(), NeverWritten::default()).unwrap();
        let body = [0xff, 0x00, 0xfe, b'{', 0x80];
        let (line, _) = delivery_line(&redactor, &redactor.delivery(&delivery(&body), Vec::new())).unwrap();
        let back: crate::export::ExportedDelivery = serde_json::from_str(&line).unwrap();
        assert_eq!(back.redacted, None);
        assert_eq!(back.delivery.body, None);
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD.decode(back.delivery.body_base64.unwrap()).unwrap();
        assert_eq!(decoded, body);
    }
}
