//! Untrusted payloads in the real window: deliveries carrying markup, script
//! URLs, template injections, breakouts and unicode tricks — in bodies, header
//! values, paths, query strings, signature headers and grouping keys — are sent
//! over real HTTP, each opened in every tab of the detail pane. Nothing runs
//! (the sentinel stays unset), nothing becomes an element, and every payload
//! shows literally as text. The CSP would block inline scripts anyway; these
//! checks prove the payloads are never parsed as HTML in the first place.

#[path = "xss/payloads.rs"]
mod payloads;

use std::time::{Duration, Instant};

use hookscope_e2e::{App, PATIENCE};
use payloads::{Case, Pane};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The same bytes a sender would write: raw targets (`{`, `'`, UTF-8) included,
/// which an HTTP client library would percent-encode. Returns the stored id.
async fn deliver(port: u16, case: &Case) -> String {
    let mut head = format!("POST {} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n", case.target);
    for (name, value) in &case.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", case.body.len()));
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.write_all(&[head.as_bytes(), &case.body].concat()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{}: {answer}", case.name);
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let id = serde_json::from_str::<Value>(body).unwrap()["id"].as_str().unwrap().to_owned();
    assert!(!id.is_empty(), "{}: {answer}", case.name);
    id
}

/// Elements a payload could smuggle in, counted before any delivery arrives
/// (the window has none of them beyond its own script, styles and metas).
const COUNTED: [&str; 15] = [
    "script", "style", "img", "svg", "iframe", "object", "embed", "math", "video", "audio", "a", "base", "meta",
    "link", "details",
];

/// Whether anything ran or became markup: the sentinel, the title, elements
/// beyond the window's own, event-handler attributes and script URLs.
const INSPECT: &str = r#"
const counted = {};
for (const tag of arguments[0]) counted[tag] = document.querySelectorAll(tag).length;
const handlers = [];
for (const element of document.querySelectorAll("*")) {
  for (const attribute of element.attributes) {
    if (attribute.name.toLowerCase().startsWith("on")) handlers.push(element.tagName + " " + attribute.name);
  }
}
const scriptUrls = [];
for (const element of document.querySelectorAll("[href], [src], [action], [formaction], [data]")) {
  for (const name of ["href", "src", "action", "formaction", "data"]) {
    const value = element.getAttribute(name);
    if (value !== null && /^\s*(javascript|data|vbscript):/i.test(value)) {
      scriptUrls.push(element.tagName + " " + value);
    }
  }
}
return { pwned: window.__hookscope_pwned ?? null, title: document.title, counted, handlers, scriptUrls };
"#;

async fn inspect(app: &App) -> Value {
    app.client.execute(INSPECT, vec![json!(COUNTED)]).await.unwrap()
}

/// Fails when a payload ran or turned into elements.
async fn assert_inert(app: &App, baseline: &Value, case: &Case, tab: &str) {
    let seen = inspect(app).await;
    let at = format!("{} ({tab} tab)", case.name);
    assert_eq!(seen["pwned"], Value::Null, "a payload ran: {at}");
    assert_eq!(seen["title"], baseline["title"], "the title changed: {at}");
    assert_eq!(seen["counted"], baseline["counted"], "elements appeared: {at}");
    assert_eq!(seen["handlers"], json!([]), "event-handler attributes appeared: {at}");
    assert_eq!(seen["scriptUrls"], json!([]), "script URLs appeared: {at}");
}

/// The `textContent` (or, for form fields, the value) of every element matching
/// `css`, joined: hidden panels and absolutely placed rows included.
async fn text_of(app: &App, css: &str) -> String {
    let script = "return [...document.querySelectorAll(arguments[0])]
        .map((e) => (e instanceof HTMLTextAreaElement ? e.value : e.textContent)).join('\\n');";
    app.client.execute(script, vec![json!(css)]).await.unwrap().as_str().unwrap_or_default().to_owned()
}

/// Waits until `css` holds `needle` as text.
async fn assert_shows(app: &App, css: &str, needle: &str, case: &Case) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let text = text_of(app, css).await;
        if text.contains(needle) {
            return;
        }
        assert!(Instant::now() < deadline, "{}: {css} never showed {needle:?} literally; it holds {text:?}", case.name);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The elements each pane's text is read from.
fn pane_css(pane: Pane) -> &'static str {
    match pane {
        Pane::Path => "[data-testid=detail-request]",
        Pane::Body => "[data-testid=detail-body]",
        Pane::SelfCard => "[data-testid=self-card]",
        Pane::Headers => "[data-testid=detail-headers]",
        Pane::Signature => "[data-testid=signature]",
        Pane::Sender => "[data-testid=sender]",
        Pane::Editor => "[data-testid=edit-headers], [data-testid=edit-body]",
    }
}

/// The tabs that render payload data, each with what to wait for once it is open.
const TABS: [(&str, &str, &[Pane]); 5] = [
    ("body", "[data-testid=detail-body]", &[Pane::Path, Pane::SelfCard]),
    ("headers", "[data-testid=detail-headers]", &[Pane::Headers]),
    ("signature", "[data-testid=signature-status], [data-testid=signature] [role=alert]", &[Pane::Signature]),
    ("sender", "[data-testid=sender]", &[Pane::Sender]),
    ("replays", "[data-testid=edit-body]", &[Pane::Editor]),
];

/// Each way the body can be shown (tree, pretty, raw, hex — those that apply):
/// all inert, and the text views hold the payloads literally.
async fn every_body_view(app: &App, baseline: &Value, case: &Case) {
    let body_needles = case.shows.iter().filter(|(pane, _)| *pane == Pane::Body);
    let buttons = app.find_all("[data-testid^=body-view-]").await;
    if buttons.is_empty() {
        // One way to show this body (or a window without view switches): the one shown.
        for (_, needle) in body_needles {
            assert_shows(app, pane_css(Pane::Body), needle, case).await;
        }
        return;
    }
    let mut as_text = false;
    for button in buttons {
        let name = button.attr("data-testid").await.unwrap().unwrap_or_default().replace("body-view-", "");
        button.click().await.unwrap();
        app.find(&format!("[data-testid=detail-body][data-view={name}]")).await;
        if name == "raw" || name == "pretty" {
            as_text = true;
            for (_, needle) in body_needles.clone() {
                assert_shows(app, pane_css(Pane::Body), needle, case).await;
            }
        }
        assert_inert(app, baseline, case, &format!("body {name}")).await;
    }
    if !as_text {
        // Binary: the hex view, the last one, holds the printable bytes.
        for (_, needle) in body_needles {
            assert_shows(app, pane_css(Pane::Body), needle, case).await;
        }
    }
}

async fn open_in_every_tab(app: &App, baseline: &Value, case: &Case, id: &str) {
    app.find(&format!("[data-testid=timeline-row][data-id='{id}']")).await.click().await.unwrap();
    for (tab, ready, panes) in TABS {
        app.find(&format!("[data-testid=tab-{tab}]")).await.click().await.unwrap();
        if tab == "replays" {
            // The editor prefilled with the captured headers and body: the
            // place a </textarea> breakout would matter.
            app.find("[data-testid=replay-edit]").await.click().await.unwrap();
        }
        app.find(ready).await;
        for (pane, needle) in case.shows.iter().filter(|(pane, _)| panes.contains(pane)) {
            assert_shows(app, pane_css(*pane), needle, case).await;
        }
        assert_inert(app, baseline, case, tab).await;
        if tab == "body" {
            every_body_view(app, baseline, case).await;
        }
        if tab == "replays" {
            app.find("[data-testid=replay-edit]").await.click().await.unwrap();
        }
    }
    if let Some((_, path)) = case.shows.iter().find(|(pane, _)| *pane == Pane::Path) {
        let row = format!("[data-testid=timeline-row][data-id='{id}'] [data-testid=row-path]");
        assert_eq!(&text_of(app, &row).await, path, "{}: the timeline shows the path as sent", case.name);
    }
}

#[tokio::test]
async fn hostile_payloads_render_as_text_in_every_tab() {
    let cases = payloads::cases();
    assert!(cases.len() >= 20, "{} deliveries", cases.len());
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    app.find("[data-testid=timeline-empty]").await;
    let baseline = inspect(&app).await;
    assert_eq!(baseline["pwned"], Value::Null);
    assert_eq!(baseline["counted"]["img"], 0, "{baseline}");

    let mut ids = Vec::new();
    for case in &cases {
        let id = deliver(app.port, case).await;
        open_in_every_tab(&app, &baseline, case, &id).await;
        ids.push(id);
    }

    // The Events view names the event by its key, which holds markup here.
    assert_inert(&app, &baseline, &cases[0], "timeline").await;
    app.find("[data-testid=view-events]").await.click().await.unwrap();
    let key = format!("{}-completed", payloads::self_verification_id());
    let deadline = Instant::now() + PATIENCE;
    let group = loop {
        let mut found = None;
        for group in app.find_all("[data-testid=group-row]").await {
            if group.attr("data-key").await.unwrap().as_deref() == Some(key.as_str()) {
                found = Some(group);
            }
        }
        match found {
            Some(group) => break group,
            None if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(100)).await,
            None => panic!("no event row keyed {key:?}"),
        }
    };
    group.click().await.unwrap();
    app.find("[data-testid=chain-entry]").await;
    assert_inert(&app, &baseline, &cases[0], "events").await;
    assert_eq!(ids.len(), cases.len());

    // The control: markup parsed as HTML — what `{@html}` would do with a payload —
    // is caught by these checks, though the CSP keeps its handler from running.
    let control = "const holder = document.createElement('div');
        holder.innerHTML = arguments[0]; document.body.append(holder); return holder.childElementCount;";
    let markup = "<img src=x onerror=\"window.__hookscope_pwned='control'\">";
    assert_eq!(app.client.execute(control, vec![json!(markup)]).await.unwrap(), json!(1));
    let seen = inspect(&app).await;
    assert_eq!(seen["counted"]["img"], 1, "{seen}");
    assert_eq!(seen["handlers"], json!(["IMG onerror"]), "{seen}");
    app.quit().await;
}
