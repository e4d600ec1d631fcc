//! The manifest: what an export holds and what was left out of it. The first
//! line of a Hookscope log; `log._hookscope` in a HAR file.

use serde::{Deserialize, Serialize};

use super::{ExportFormat, ExportScope, RedactionOptions};
use crate::clock::rfc3339_ms;

/// The `format` of a Hookscope log's manifest.
pub const NDJSON_FORMAT: &str = "hookscope-log";
/// The `format` of the manifest inside a HAR export.
pub const HAR_FORMAT: &str = "hookscope-har";
/// The newest manifest version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`NDJSON_FORMAT`] or [`HAR_FORMAT`].
    pub format: String,
    pub version: u32,
    /// The Hookscope that wrote the export.
    pub app_version: String,
    /// RFC 3339, UTC.
    pub exported_at: String,
    /// Which deliveries were asked for.
    pub scope: ExportScope,
    /// How many deliveries follow.
    pub count: u64,
    pub redactions: AppliedRedactions,
}

/// The redactions an export applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppliedRedactions {
    /// Header names whose values were replaced wherever they appeared.
    pub headers: Vec<String>,
    /// JSON paths whose values were replaced in bodies.
    pub json_paths: Vec<String>,
    /// Signing secrets and the ngrok authtoken are never written, in any export.
    pub secrets_never_written: bool,
    /// The deliveries whose bodies differ from the bytes received (signatures no longer match).
    pub redacted_bodies: Vec<String>,
}

impl Manifest {
    pub fn new(
        format: ExportFormat,
        scope: ExportScope,
        options: &RedactionOptions,
        count: u64,
        redacted_bodies: Vec<String>,
        exported_at_ms: i64,
    ) -> Manifest {
        let name = match format {
            ExportFormat::Ndjson => NDJSON_FORMAT,
            ExportFormat::Har => HAR_FORMAT,
        };
        Manifest {
            format: name.to_owned(),
            version: VERSION,
            app_version: crate::VERSION.to_owned(),
            exported_at: rfc3339_ms(exported_at_ms),
            scope,
            count,
            redactions: AppliedRedactions {
                headers: options.headers.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
                json_paths: options.json_paths.iter().map(|p| p.trim().to_owned()).collect(),
                secrets_never_written: true,
                redacted_bodies,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_names_the_format_version_scope_count_and_redactions() {
        let filter = serde_json::json!({"verdicts": ["mismatch"], "since_ms": 1_795_681_800_000i64});
        let scope = ExportScope { filter: serde_json::from_value(filter).unwrap(), ids: vec![] };
        let options = RedactionOptions { headers: vec![" Authorization".into()], json_paths: vec!["proof".into()] };
        let manifest = Manifest::new(ExportFormat::Ndjson, scope, &options, 2, vec!["01B".into()], 1_795_681_812_345);
        let value = serde_json::to_value(&manifest).unwrap();
        assert_eq!(value["format"], "hookscope-log");
        assert_eq!(value["version"], 1);
        assert_eq!(value["app_version"], crate::VERSION);
        assert_eq!(value["exported_at"], "2026-11-26T08:30:12.345Z");
        assert_eq!(value["count"], 2);
        assert_eq!(value["scope"]["filter"]["verdicts"], serde_json::json!(["mismatch"]));
        assert_eq!(value["scope"]["filter"]["since_ms"], 1_795_681_800_000i64);
        assert_eq!(value["redactions"]["headers"], serde_json::json!(["authorization"]));
        assert_eq!(value["redactions"]["json_paths"], serde_json::json!(["proof"]));
        assert_eq!(value["redactions"]["secrets_never_written"], true);
        assert_eq!(value["redactions"]["redacted_bodies"], serde_json::json!(["01B"]));
        let back: Manifest = serde_json::from_value(value).unwrap();
        assert_eq!(back, manifest);
        let har = Manifest::new(ExportFormat::Har, ExportScope::default(), &options, 0, vec![], 0);
        assert_eq!(har.format, HAR_FORMAT);
    }
}
