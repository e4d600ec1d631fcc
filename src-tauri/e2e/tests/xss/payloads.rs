//! Hostile deliveries: markup, script URLs, template injections, breakouts and
//! unicode look-alikes in every part of a request a sender controls. Payload
//! `n` would set `window.__hookscope_pwned = 'n'` (or the title) if it ran.

use hookscope_core::verify::{sign, HeaderFamily, Scheme, Secret, VerifySettings};
use serde_json::json;

/// Where a payload must show, literally, once its delivery is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The timeline row's path cell and the detail pane's request line.
    Path,
    Body,
    /// The summary card above a Self `verification.completed` body.
    SelfCard,
    Headers,
    Signature,
    Sender,
    /// The "Edit & send" form of the Replays tab (headers and body text areas).
    Editor,
}

pub struct Case {
    pub name: &'static str,
    /// The request target exactly as written on the wire.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Text each pane must contain.
    pub shows: Vec<(Pane, String)>,
}

/// The script a payload smuggles in.
fn pwn(n: u32) -> String {
    format!("window.__hookscope_pwned='{n}'")
}

/// A string as it reads inside JSON text (escaped, without the quotes): the
/// pretty view keeps every string token exactly as received.
pub fn in_json(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

fn case(name: &'static str, target: &str) -> Case {
    Case { name, target: target.to_owned(), headers: Vec::new(), body: Vec::new(), shows: Vec::new() }
}

impl Case {
    /// A header, which the Headers tab must show.
    fn header(mut self, name: &str, value: String) -> Self {
        self.shows.push((Pane::Headers, value.clone()));
        self.headers.push((name.to_owned(), value));
        self
    }

    fn json_body(mut self, fields: serde_json::Value, editor: bool) -> Self {
        self.headers.push(("content-type".into(), "application/json".into()));
        for value in fields.as_object().unwrap().values() {
            let text = in_json(value.as_str().unwrap());
            if editor {
                self.shows.push((Pane::Editor, text.clone()));
            }
            self.shows.push((Pane::Body, text));
        }
        self.body = serde_json::to_vec(&fields).unwrap();
        self
    }

    fn text_body(mut self, content_type: &str, text: String) -> Self {
        self.headers.push(("content-type".into(), content_type.to_owned()));
        self.shows.push((Pane::Body, text.clone()));
        self.shows.push((Pane::Editor, text.clone()));
        self.body = text.into_bytes();
        self
    }

    fn shows_path(mut self) -> Self {
        self.shows.push((Pane::Path, self.target.clone()));
        self
    }

    fn shows(mut self, pane: Pane, text: String) -> Self {
        self.shows.push((pane, text));
        self
    }
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// 32 bytes of hex: a well-formed signature that matches nothing.
const SOME_HEX_MAC: &str = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

pub fn cases() -> Vec<Case> {
    let mut cases = vec![
        case("script tag in a JSON field", "/xss/1")
            .json_body(json!({"type": "ping", "note": format!("<script>{}</script>", pwn(1))}), true),
        case("img onerror in a JSON field", "/xss/2")
            .json_body(json!({"comment": format!("<img src=x onerror=\"{}\">", pwn(2))}), false),
        case("svg onload in a JSON field", "/xss/3").json_body(
            json!({"avatar": format!("<svg xmlns=\"{SVG_NS}\" onload=\"{}\"><circle r=\"9\"/></svg>", pwn(3))}),
            false,
        ),
        case("javascript: URLs where links could be", "/xss/4").json_body(
            json!({
                "url": format!("javascript:{}", pwn(4)),
                "href": "JaVaScRiPt:document.title='pwned4'",
                // A polyglot: breaks out of comments, titles, styles, text areas and scripts.
                "callback_url": format!(
                    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+{}//'>",
                    pwn(4)
                ),
            }),
            false,
        ),
        case("an HTML document as a text body", "/xss/5").text_body(
            "text/html",
            format!(
                "<!doctype html><html><head><title>pwned5</title><base href=\"javascript:{p}//\"></head>\
                 <body onload=\"{p}\"><iframe src=\"javascript:parent.{p}\"></iframe>\
                 <a href=\"javascript:{p}\">click</a>\
                 <meta http-equiv=\"refresh\" content=\"0;url=javascript:{p}\"></body></html>",
                p = pwn(5)
            ),
        ),
        case("a binary body holding a script (hex view)", "/xss/6").shows(Pane::Body, "|..<script>window|".into()),
        case("HTML in header values", "/xss/7")
            .header("x-note", format!("<img src=x onerror={}>", pwn(7)))
            .header("x-quote", format!("\"><svg onload={}>", pwn(7)))
            .header("x-link", format!("javascript:{}", pwn(7))),
        case("style and textarea breakouts in header values", "/xss/8")
            .header("x-style", format!("</style><script>{}</script>", pwn(8)))
            .header("x-area", format!("</textarea><img src=x onerror={}>", pwn(8)))
            .shows(Pane::Editor, format!("x-area: </textarea><img src=x onerror={}>", pwn(8))),
        case("unicode look-alikes in a header value", "/xss/9").header(
            "x-unicode",
            format!("\u{202e}>tpircs/<\u{202d} ＜script＞{p}＜/script＞ <scr\u{200b}ipt>{p}</scr\u{200b}ipt>", p = pwn(9)),
        ),
        // Raw `<` and `>` are refused in a request target by the HTTP parser; `{`,
        // `}`, quotes, `$` and UTF-8 are not, so those go raw and markup percent-encoded.
        case("template injection in a raw path", "/xss/10/{{constructor.constructor('window.__hookscope_pwned=10')()}}")
            .shows_path(),
        case("template literals in a raw path", "/xss/11/${window.__hookscope_pwned='11'}/{{7*7}}/%3C%25=7*7%25%3E")
            .shows_path(),
        case("percent-encoded script in the path", "/xss/12/%3Cscript%3Ewindow.__hookscope_pwned%3D'12'%3C%2Fscript%3E")
            .shows_path(),
        case(
            "encoded markup and a raw javascript: URL in the query",
            "/xss/13?next=javascript:window.__hookscope_pwned='13'\
             &q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__hookscope_pwned%3D13%3E",
        )
        .shows_path(),
        case("full-width brackets, raw UTF-8 path", "/xss/14/＜script＞window.__hookscope_pwned='14'＜／script＞")
            .shows_path(),
        case("template injection in a JSON body", "/xss/15").json_body(
            json!({
                "angular": "{{constructor.constructor('window.__hookscope_pwned=15')()}}",
                "literal": "${window.__hookscope_pwned='15'}",
                "erb": "<%= window.__hookscope_pwned='15' %>",
                "svelte": "{@html '<img src=x onerror=window.__hookscope_pwned=15>'}",
            }),
            true,
        ),
        case("a textarea breakout as a text body", "/xss/16")
            .text_body("text/plain", format!("</textarea><script>{p}</script><textarea>", p = pwn(16))),
        case("style, pre and comment breakouts as a text body", "/xss/17").text_body(
            "text/plain",
            format!(
                "</style><img src=x onerror=\"{p}\"></pre><svg onload=\"{p}\"> \
                 --><script>{p}</script> ]]><details open ontoggle=\"{p}\">",
                p = pwn(17)
            ),
        ),
        case("JSON unicode escapes that spell a script", "/xss/18")
            .json_body(json!({"placeholder": "filled below"}), false),
        case("unicode tricks in a JSON body", "/xss/19").json_body(
            json!({
                "rtl": format!("\u{202e}<img src=x onerror={}>", pwn(19)),
                "zero_width": format!("<scr\u{200d}ipt>{}</scr\u{200d}ipt>", pwn(19)),
                "full_width": "＜img src=x onerror=window.__hookscope_pwned=19＞",
                "bom": "\u{feff}<svg/onload=window.__hookscope_pwned=19>",
            }),
            true,
        ),
        case("a form body with raw and encoded markup", "/xss/24").text_body(
            "application/x-www-form-urlencoded",
            format!("a=%3Cscript%3E&b=<script>{}</script>&c=<img/src/onerror=document.title='pwned24'>", pwn(24)),
        ),
    ];
    // 6: bytes that are not UTF-8 around a script, so the body is shown as hex.
    let binary = cases.iter_mut().find(|c| c.target == "/xss/6").unwrap();
    binary.body = [&[0xff, 0xfe][..], format!("<script>{}</script>", pwn(6)).as_bytes(), &[0x00, 0x80]].concat();
    binary.headers.push(("content-type".into(), "application/octet-stream".into()));
    // 18: written by hand, since a JSON writer would not escape `<`.
    let escaped = cases.iter_mut().find(|c| c.target == "/xss/18").unwrap();
    let note = r"\u003cscript\u003ewindow.__hookscope_pwned='18'\u003c/script\u003e \x3cimg src=x onerror=alert(1)\x3e";
    escaped.body = format!(r#"{{"note":"{note}"}}"#).into_bytes();
    escaped.shows = vec![(Pane::Body, note.to_owned())];
    cases.extend(signed_cases());
    cases
}

/// A Self event's id holding markup: its dedup key is `<this>-completed`.
pub fn self_verification_id() -> String {
    format!("<img src=x onerror={}>", pwn(20))
}

/// Payloads in the signature headers and the grouping keys (Signature and Sender tabs).
fn signed_cases() -> Vec<Case> {
    let message_id = format!("msg_<script>{}</script>", pwn(20));
    let verification_id = self_verification_id();
    let status = format!("<svg onload={}>", pwn(20));
    let environment = format!("</dd></dl><script>{}</script>", pwn(20));
    let body = json!({
        "type": "verification.completed",
        "verification_id": verification_id,
        "status": status,
        "environment": environment,
    })
    .to_string();
    let secret = Secret::new("sender", Scheme::StandardWebhooks, SECRET, None).unwrap();
    let signed =
        sign(HeaderFamily::Svix, &secret, &VerifySettings::default(), &message_id, 1_700_000_000, body.as_bytes())
            .unwrap();
    let extra_entry = format!("v1a,<img/src=x/onerror={}>", pwn(20));
    let mut svix = case("payloads in svix headers and the dedup key", "/xss/20");
    for (name, value) in signed {
        let value = if name == "svix-signature" { format!("{value} {extra_entry}") } else { value };
        svix.headers.push((name, value));
    }
    svix.headers.push(("content-type".into(), "application/json".into()));
    svix.body = body.into_bytes();
    svix = svix
        .shows(Pane::Signature, format!("{message_id}.1700000000."))
        .shows(Pane::Signature, extra_entry)
        .shows(Pane::Sender, message_id.clone())
        .shows(Pane::Sender, format!("{verification_id}-completed"))
        .shows(Pane::SelfCard, verification_id)
        .shows(Pane::SelfCard, status)
        .shows(Pane::SelfCard, environment)
        .shows(Pane::Headers, message_id);

    let other_version = format!("v0=<svg/onload={}>", pwn(21));
    let event_id = format!("evt_<script>{}</script>", pwn(21));
    let stripe = case("payloads in a Stripe signature and event id", "/xss/21")
        .header("stripe-signature", format!("t=1700000000,v1={SOME_HEX_MAC},{other_version}"))
        .json_body(json!({"id": event_id, "object": "event"}), false)
        .shows(Pane::Signature, other_version)
        .shows(Pane::Sender, event_id);

    let delivery_id = format!("<img src=x onerror={}>", pwn(22));
    let github = case("a GitHub delivery id with markup", "/xss/22")
        .header("x-hub-signature-256", format!("sha256={SOME_HEX_MAC}"))
        .shows(Pane::Signature, format!("sha256={SOME_HEX_MAC}"))
        .header("x-github-delivery", delivery_id.clone())
        .shows(Pane::Sender, delivery_id)
        .json_body(json!({"zen": format!("<marquee onstart={}>", pwn(22))}), false);
    vec![svix, stripe, github]
}
