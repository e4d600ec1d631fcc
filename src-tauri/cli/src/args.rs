//! Command-line arguments.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "hookscope", version, about = "Capture, verify and inspect webhook deliveries")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Capture deliveries on a local port, printing one line per stored delivery.
    Listen(ListenArgs),
    /// List stored deliveries, oldest first.
    List(ListArgs),
    /// Show one stored delivery.
    Show(ShowArgs),
    /// Send a stored delivery to your handler again, and print its answer.
    Replay(ReplayArgs),
    /// Print a curl command that sends the same bytes as a replay.
    Curl(CurlArgs),
    /// Write stored deliveries to share them: a Hookscope log (NDJSON) or a HAR file.
    Export(ExportArgs),
    /// Add the deliveries of an exported Hookscope log or HAR file to the timeline.
    Import(ImportArgs),
    /// Keep a delivery whatever the retention cap (`listen --keep`).
    Pin(PinArgs),
    /// Let retention remove a pinned delivery again in its turn.
    Unpin(PinArgs),
    /// Post a signed sample `verification.completed` to a listener.
    SendTestEvent(SendTestEventArgs),
}

#[derive(Args)]
pub struct SendTestEventArgs {
    /// The listener's URL, with the path your provider calls.
    #[arg(long, default_value = "http://127.0.0.1:8790/webhooks/self")]
    pub to: String,
    /// The signing secret (as for `listen`; the first Standard Webhooks one for the path
    /// is used). Without one, a new `whsec_` secret is generated and printed.
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
}

#[derive(Args)]
pub struct ReplayArgs {
    /// The deliveries' ids, replayed one after another in this order.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Seconds to wait for the handler's answer [default: the saved setting, 30].
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// The idempotency check: send this many re-signed copies of the delivery at once.
    #[arg(long, value_name = "N", conflicts_with = "new_id")]
    pub copies: Option<usize>,
    /// Your handler's URL, e.g. http://localhost:3000/webhooks/self [default: the saved target].
    #[arg(long)]
    pub to: Option<String>,
    /// Rebuild the signature with the current time (and the first matching secret).
    #[arg(long)]
    pub resign: bool,
    /// With --resign: use a fresh message id (the handler sees a new message).
    #[arg(long, requires = "resign")]
    pub new_id: bool,
    /// A signing secret for --resign (repeatable; as for `listen`).
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
    /// Print the replay record as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct CurlArgs {
    /// The delivery's id.
    pub id: String,
    /// The URL to send to [default: the saved target, else localhost:3000 with the captured path].
    #[arg(long)]
    pub to: Option<String>,
    /// Rebuild the signature with the current time.
    #[arg(long)]
    pub resign: bool,
    /// A signing secret for --resign (repeatable; as for `listen`).
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct PinArgs {
    /// The delivery's id.
    pub id: String,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ExportArgs {
    /// ndjson: a Hookscope log, imported back as recorded; har: HTTP Archive 1.2,
    /// for browsers' devtools and HTTP clients.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: hookscope_core::export::ExportFormat,
    /// Only deliveries with this verdict (repeatable), as for `list`.
    #[arg(long = "status", value_name = "VERDICT", value_parser = parse_verdict)]
    pub verdicts: Vec<hookscope_core::verify::VerificationStatus>,
    #[command(flatten)]
    pub filter: crate::filter_args::FilterArgs,
    /// Only this delivery (repeatable): export a selection.
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// Also replace the values of this header (repeatable).
    #[arg(long = "redact-header", value_name = "NAME")]
    pub redact_headers: Vec<String>,
    /// Keep authorization, cookie and x-api-key values (redacted by default).
    #[arg(long)]
    pub no_default_redactions: bool,
    /// Replace the JSON body values at this dotted path (repeatable), e.g. proof,
    /// proof_attributes.age_gte_18, proof_attributes.*, items.token (each element).
    #[arg(long = "redact-json", value_name = "PATH")]
    pub redact_json: Vec<String>,
    /// Replace Self's personal data: proof, external_uuid and the proof_attributes values.
    #[arg(long)]
    pub self_preset: bool,
    /// Write to this file (replaced once the export is complete) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A secret to keep out of the export (repeatable), besides the saved signing
    /// secrets and the ngrok authtoken, which never appear in any export.
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The exported file: a Hookscope log (.ndjson) or a HAR file.
    pub file: PathBuf,
    /// Then re-verify the imported deliveries against your signing secrets (the
    /// saved ones and --secret), replacing the verdicts recorded where they were captured.
    #[arg(long)]
    pub reverify: bool,
    /// A signing secret for --reverify (repeatable; as for `listen`).
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct StoreArgs {
    /// The database file [default: the per-user data dir's hookscope.sqlite].
    #[arg(long, env = "HOOKSCOPE_DB")]
    pub db: Option<PathBuf>,
}

impl StoreArgs {
    pub fn db_path(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(|| hookscope_core::default_data_dir().join(hookscope_core::DB_FILE))
    }
}

#[derive(Args)]
pub struct ListenArgs {
    /// The port to listen on (0 picks a free one).
    #[arg(long, env = "HOOKSCOPE_PORT", default_value_t = 8790)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// A signing secret to verify deliveries with (repeatable), labelled 1, 2, … in
    /// order. Optionally tied to a scheme and a path: `VALUE;scheme=stripe;path=/webhooks/stripe`
    /// (schemes: standard_webhooks (default), stripe, github, shopify, slack).
    #[arg(long = "secret", env = "HOOKSCOPE_SECRET", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
    /// Timestamp tolerance, in seconds, both directions.
    #[arg(long, default_value_t = hookscope_core::verify::DEFAULT_TOLERANCE_SECONDS)]
    pub tolerance: i64,
    /// Answer every delivery with this status instead of 200.
    #[arg(long, value_name = "STATUS")]
    pub respond: Option<String>,
    /// The body of every answer (with --respond or alone).
    #[arg(long, value_name = "TEXT")]
    pub respond_body: Option<String>,
    /// A header on every answer, `Name: value` (repeatable).
    #[arg(long, value_name = "HEADER")]
    pub respond_header: Vec<String>,
    /// Answer each attempt of a message in turn, e.g. "503,429 Retry-After: 30,timeout,200".
    #[arg(long, value_name = "STEPS")]
    pub respond_script: Option<String>,
    /// Wait this long before answering, e.g. 2s or 250ms.
    #[arg(long, value_name = "DURATION")]
    pub delay: Option<String>,
    /// How long a `timeout` step holds the connection without answering.
    #[arg(long, value_name = "DURATION", default_value = "20s")]
    pub timeout_hold: String,
    /// Forward every incoming delivery to your handler as it arrives, recording its answers.
    #[arg(long, value_name = "URL")]
    pub forward: Option<String>,
    /// With --forward: rebuild signatures at the time of forwarding (needs --secret).
    #[arg(long = "resign", requires = "forward")]
    pub forward_resign: bool,
    /// With --forward: answer the sender with your handler's status (502 when it does not answer).
    #[arg(long, requires = "forward")]
    pub mirror: bool,
    /// Expose the listener on the internet through an ngrok tunnel (token: NGROK_AUTHTOKEN).
    #[arg(long)]
    pub tunnel: bool,
    /// A domain reserved on your ngrok account, so the registered URL survives restarts.
    #[arg(long, requires = "tunnel")]
    pub domain: Option<String>,
    /// The path you register at the provider, shown joined to the public URL.
    #[arg(long, default_value = "/webhooks/self")]
    pub webhook_path: String,
    /// Keep at most this many deliveries, removing the oldest (pinned ones are kept
    /// on top); saved with the store [default: as saved, else 100000].
    #[arg(long, value_name = "N")]
    pub keep: Option<u64>,
    /// Keep at most this many bytes of bodies, e.g. 500M or 2G (powers of 1024);
    /// saved with the store [default: as saved, else 1G].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub keep_size: Option<u64>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ListArgs {
    /// One JSON object per line (NDJSON), oldest first.
    #[arg(long)]
    pub json: bool,
    /// Only deliveries with this verdict (repeatable): verified, stale, mismatch,
    /// malformed, unsigned, no_secret.
    #[arg(long = "status", value_name = "VERDICT", value_parser = parse_verdict)]
    pub statuses: Vec<hookscope_core::verify::VerificationStatus>,
    #[command(flatten)]
    pub filter: crate::filter_args::FilterArgs,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct ShowArgs {
    /// The delivery's id.
    pub id: String,
    /// Print the delivery as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

fn parse_size(text: &str) -> Result<u64, String> {
    hookscope_core::retention::parse_size(text).map_err(|e| e.to_string())
}

fn parse_format(text: &str) -> Result<hookscope_core::export::ExportFormat, String> {
    serde_json::from_value(serde_json::Value::from(text))
        .map_err(|_| format!("'{text}' is not a format: use ndjson or har"))
}

fn parse_verdict(text: &str) -> Result<hookscope_core::verify::VerificationStatus, String> {
    serde_json::from_value(serde_json::Value::from(text)).map_err(|_| {
        format!("'{text}' is not a verdict: use verified, stale, mismatch, malformed, unsigned or no_secret")
    })
}
