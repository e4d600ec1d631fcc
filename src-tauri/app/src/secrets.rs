//! The desktop app's signing secrets: kept in the vault, applied to the core.

use hookscope_core::signing::SigningConfig;
use hookscope_core::vault::{SecretStorage, Vault};
use hookscope_core::verify::{Scheme, Secret, VerifySettings};
use hookscope_core::Inspector;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorCode, IpcError};

/// The settings key of the timestamp tolerance.
pub const TOLERANCE_SETTING: &str = "verify.tolerance_seconds";

/// One secret as the settings show it: never the value, only its masked form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretInfo {
    pub label: String,
    pub scheme: Scheme,
    pub path_prefix: Option<String>,
    pub masked: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretsView {
    pub storage: SecretStorage,
    pub secrets: Vec<SecretInfo>,
    #[ts(type = "number")]
    pub tolerance_seconds: i64,
}

/// A secret as pasted in the settings. No `Debug`: the value must never reach a log.
#[derive(Clone, Deserialize, TS)]
pub struct NewSecret {
    pub label: String,
    pub scheme: Scheme,
    pub value: String,
    pub path_prefix: Option<String>,
}

pub fn view(vault: &Vault, secrets: &[Secret], tolerance_seconds: i64) -> SecretsView {
    SecretsView {
        storage: vault.storage(),
        secrets: secrets
            .iter()
            .map(|s| SecretInfo {
                label: s.label().to_owned(),
                scheme: s.scheme().clone(),
                path_prefix: s.path_prefix().map(str::to_owned),
                masked: s.masked(),
            })
            .collect(),
        tolerance_seconds,
    }
}

/// Parses a pasted secret, refusing duplicates of a label already in use.
pub fn parse(new: &NewSecret, existing: &[Secret]) -> Result<Secret, IpcError> {
    let label = new.label.trim();
    if existing.iter().any(|s| s.label() == label) {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            format!("a secret labelled '{label}' already exists; remove it first or choose another label"),
        ));
    }
    let prefix = new.path_prefix.as_deref().map(str::trim).filter(|p| !p.is_empty());
    Secret::new(label, new.scheme.clone(), &new.value, prefix)
        .map_err(|e| IpcError::new(ErrorCode::InvalidInput, e.to_string()))
}

/// Applies `secrets` and `tolerance_seconds` to the core, which re-verifies stored deliveries.
pub fn apply(inspector: &Inspector, secrets: Vec<Secret>, tolerance_seconds: i64) {
    let settings = VerifySettings { tolerance_seconds, ..inspector.signing().current().settings.clone() };
    drop(inspector.set_signing(SigningConfig { secrets, settings }));
}
