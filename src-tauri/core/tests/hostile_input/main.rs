//! Hostile input over real sockets to a real listener: every shape gets a clean
//! answer (a status, never a hang or a reset) and either a faithful record
//! (method, target, headers and body byte for byte) or a recorded refusal —
//! and the listener keeps serving, its store intact. Table-driven: a failure
//! names its shape.

#[path = "../common/mod.rs"]
mod common;
mod raw;
mod shapes;

use common::{client, Harness};
use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{Scheme, Secret, VerifySettings};
use shapes::{Expect, Shape, LIMIT};
use tokio::io::AsyncReadExt;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[tokio::test]
async fn every_hostile_shape_gets_a_clean_answer_and_a_faithful_record() {
    let h = Harness::start_with(|c| {
        c.body_limit = LIMIT;
        // Signed shapes go through verification and its diagnosis, not just storage.
        let secret = Secret::new("current", Scheme::StandardWebhooks, SECRET, None).unwrap();
        c.signing = SigningConfig { secrets: vec![secret], settings: VerifySettings::default() };
    })
    .await;
    let shapes = shapes::all();
    assert!(shapes.len() >= 50, "only {} shapes", shapes.len());
    let mut failures = Vec::new();
    for shape in &shapes {
        if let Err(why) = check(&h, shape).await {
            failures.push(format!("- {}: {why}", shape.name));
        }
    }
    assert!(failures.is_empty(), "{} of {} shapes failed:\n{}", failures.len(), shapes.len(), failures.join("\n"));

    // Still serving, and the store intact.
    let response = client().post(h.url("/after-all-that")).body("fine").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let conn = rusqlite::Connection::open(h.inspector.db_path()).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

async fn check(h: &Harness, shape: &Shape) -> Result<(), String> {
    let addr = h.listener.local_addr();
    let before = h.inspector.store().count().await.map_err(|e| e.to_string())?;
    if let [Expect::Closed] = shape.expect.as_slice() {
        closed_cleanly(addr, &shape.bytes).await?;
        let after = h.inspector.store().count().await.map_err(|e| e.to_string())?;
        return if after == before { Ok(()) } else { Err("a delivery was recorded".into()) };
    }
    let responses = raw::exchange(addr, &shape.bytes, shape.send, shape.expect.len(), shape.head).await?;
    let mut recorded = 0;
    for (response, expect) in responses.iter().zip(&shape.expect) {
        let status = match expect {
            Expect::Stored { status, .. } | Expect::Refused { status, .. } | Expect::Answered(status) => *status,
            Expect::Closed => unreachable!("handled above"),
        };
        if !response.version.starts_with("HTTP/1.") {
            return Err(format!("answered with {:?}", response.version));
        }
        if response.status != status {
            return Err(format!("answered {} instead of {status} ({:?})", response.status, text(&response.body)));
        }
        let body = text(&response.body).to_lowercase();
        if ["sqlite", "panick", "rusqlite", "hyper::"].iter().any(|word| body.contains(word)) {
            return Err(format!("internal detail in the answer: {body:?}"));
        }
        recorded += usize::from(!matches!(expect, Expect::Answered(_)));
    }
    let after = h.inspector.store().count().await.map_err(|e| e.to_string())?;
    if after - before != recorded as u64 {
        return Err(format!("{} deliveries recorded instead of {recorded}", after - before));
    }
    let page = h.inspector.page(None, recorded.max(1) as u32, Default::default()).await.map_err(|e| e.to_string())?;
    let newest_last = page.items.iter().rev().take(recorded);
    let expected = shape.expect.iter().filter(|e| !matches!(e, Expect::Answered(_)));
    for (summary, expect) in newest_last.zip(expected) {
        let delivery = h.inspector.delivery(&summary.id).await.map_err(|e| e.to_string())?.ok_or("vanished")?;
        let c = &delivery.captured;
        match expect {
            Expect::Stored { method, path, body, head, status } => {
                let found = (&c.method, &c.path, c.rejection.is_none(), delivery.answer.status);
                if found != (method, path, true, *status) {
                    return Err(format!("recorded {found:?}, sent {method} {path}"));
                }
                if c.body[..] != body[..] {
                    return Err(format!("body recorded as {} bytes, {} sent (or different)", c.body.len(), body.len()));
                }
                let sent = headers_of(head);
                if c.headers != sent {
                    return Err(format!("headers recorded as {:?}, sent {:?}", abridged(&c.headers), abridged(&sent)));
                }
            }
            Expect::Refused { status, rejection } => {
                let code = c.rejection.map(|r| r.code());
                if (code, delivery.answer.status) != (Some(*rejection), *status) {
                    return Err(format!(
                        "recorded {code:?} / {}, expected {rejection} / {status}",
                        delivery.answer.status
                    ));
                }
            }
            Expect::Answered(_) | Expect::Closed => {}
        }
    }
    Ok(())
}

/// A connection whose sender hangs up before a request is complete ends with a
/// plain close, not a reset; nothing is recorded.
async fn closed_cleanly(addr: std::net::SocketAddr, sent: &[u8]) -> Result<(), String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    tokio::io::AsyncWriteExt::write_all(&mut stream, sent).await.map_err(|e| e.to_string())?;
    tokio::io::AsyncWriteExt::shutdown(&mut stream).await.map_err(|e| e.to_string())?;
    let mut rest = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), stream.read_to_end(&mut rest)).await;
    match read {
        Ok(Ok(_)) if rest.is_empty() => Ok(()),
        Ok(Ok(_)) => Err(format!("answered {:?} to nothing", text(&rest))),
        Ok(Err(e)) => Err(format!("ended with {e}")),
        Err(_) => Err("left open".into()),
    }
}

/// The headers of a raw request head as the store keeps them: names lowercase,
/// values without surrounding blanks, each name's values in order, names in
/// the order they first appear.
fn headers_of(head: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut grouped: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for line in head.split(|&b| b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
        let value = line[colon + 1..].trim_ascii().to_vec();
        match grouped.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => grouped.push((name, vec![value])),
        }
    }
    grouped.into_iter().flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v))).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned()
}

fn abridged(headers: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    headers.iter().take(8).map(|(n, v)| (n.clone(), text(v))).collect()
}
