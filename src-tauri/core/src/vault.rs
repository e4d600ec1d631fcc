//! Where signing secrets (and other credentials) are kept: the OS keyring when
//! one answers, otherwise a file readable only by the user (mode 0600) in the
//! data dir. Secrets never live in the deliveries database.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::verify::{Scheme, Secret, SecretError};

const KEYRING_SERVICE: &str = "hookscope";
const KEYRING_USER: &str = "signing-secrets";
const KEYRING_TOKEN_USER: &str = "ngrok-authtoken";
/// The file used when no keyring answers.
pub const SECRETS_FILE: &str = "secrets.json";
/// The ngrok authtoken's file when no keyring answers.
pub const TOKEN_FILE: &str = "ngrok-authtoken";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the OS keyring refused the secrets")]
    Keyring(#[source] keyring::Error),
    #[error("cannot read or write the secrets file {path}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the stored secrets are not readable")]
    Decode(#[source] serde_json::Error),
    #[error("a stored secret is no longer valid")]
    Invalid(#[source] SecretError),
}

/// Where the secrets are, for the settings to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretStorage {
    /// `keyring` or `file`.
    pub kind: String,
    /// The keyring entry, or the file's path.
    pub location: String,
}

/// A secret as kept in the vault (the pasted text, so it can be shown masked and re-parsed).
#[derive(Serialize, Deserialize)]
struct Kept {
    label: String,
    scheme: Scheme,
    value: String,
    path_prefix: Option<String>,
}

enum Place {
    Keyring(keyring::Entry),
    File(PathBuf),
}

pub struct Vault {
    place: Place,
    token: Place,
}

impl Vault {
    /// The OS keyring if it answers, else `<data_dir>/secrets.json`.
    /// `HOOKSCOPE_SECRET_STORE=file` skips the keyring (tests, or by choice).
    pub fn open(data_dir: &Path) -> Vault {
        if std::env::var("HOOKSCOPE_SECRET_STORE").is_ok_and(|v| v == "file") {
            return Self::in_dir(data_dir);
        }
        let entries = (
            keyring::Entry::new(KEYRING_SERVICE, KEYRING_USER),
            keyring::Entry::new(KEYRING_SERVICE, KEYRING_TOKEN_USER),
        );
        if let (Ok(entry), Ok(token)) = entries {
            match entry.get_password() {
                Ok(_) | Err(keyring::Error::NoEntry) => {
                    return Vault { place: Place::Keyring(entry), token: Place::Keyring(token) }
                }
                Err(error) => tracing::info!(%error, "no OS keyring; keeping secrets in 0600 files"),
            }
        }
        Self::in_dir(data_dir)
    }

    /// A vault in 0600 files inside `data_dir`.
    pub fn in_dir(data_dir: &Path) -> Vault {
        Vault { place: Place::File(data_dir.join(SECRETS_FILE)), token: Place::File(data_dir.join(TOKEN_FILE)) }
    }

    /// The ngrok authtoken, if one was saved.
    pub fn token(&self) -> Result<Option<String>, VaultError> {
        read(&self.token).map(|t| t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()))
    }

    /// Saves the ngrok authtoken (`None` forgets it).
    pub fn set_token(&self, token: Option<&str>) -> Result<(), VaultError> {
        write(&self.token, token.unwrap_or_default())
    }

    pub fn storage(&self) -> SecretStorage {
        match &self.place {
            Place::Keyring(_) => SecretStorage {
                kind: "keyring".into(),
                location: format!("service \"{KEYRING_SERVICE}\", entry \"{KEYRING_USER}\""),
            },
            Place::File(path) => SecretStorage { kind: "file".into(), location: path.display().to_string() },
        }
    }

    pub fn load(&self) -> Result<Vec<Secret>, VaultError> {
        let Some(text) = read(&self.place)? else { return Ok(Vec::new()) };
        let kept: Vec<Kept> = serde_json::from_str(&text).map_err(VaultError::Decode)?;
        kept.into_iter()
            .map(|k| Secret::new(&k.label, k.scheme, &k.value, k.path_prefix.as_deref()).map_err(VaultError::Invalid))
            .collect()
    }

    pub fn save(&self, secrets: &[Secret]) -> Result<(), VaultError> {
        let kept: Vec<Kept> = secrets
            .iter()
            .map(|s| Kept {
                label: s.label().to_owned(),
                scheme: s.scheme().clone(),
                value: s.reveal().to_owned(),
                path_prefix: s.path_prefix().map(str::to_owned),
            })
            .collect();
        let text = serde_json::to_string(&kept).map_err(VaultError::Decode)?;
        write(&self.place, &text)
    }
}

fn read(place: &Place) -> Result<Option<String>, VaultError> {
    match place {
        Place::Keyring(entry) => match entry.get_password() {
            Ok(text) => Ok(Some(text)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(VaultError::Keyring(error)),
        },
        Place::File(path) => match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(VaultError::File { path: path.clone(), source }),
        },
    }
}

fn write(place: &Place, text: &str) -> Result<(), VaultError> {
    match place {
        Place::Keyring(entry) => entry.set_password(text).map_err(VaultError::Keyring),
        Place::File(path) => {
            write_private(path, text).map_err(|source| VaultError::File { path: path.clone(), source })
        }
    }
}

/// Writes `text` to `path` readable by the user only, replacing it atomically.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(&temp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_through_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::in_dir(dir.path());
        assert!(vault.load().unwrap().is_empty());
        let secrets = vec![
            Secret::new("current", Scheme::StandardWebhooks, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", None).unwrap(),
            Secret::new("stripe", Scheme::Stripe, "whsec_stripe_raw_text", Some("/stripe")).unwrap(),
        ];
        vault.save(&secrets).unwrap();
        let back = vault.load().unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].label(), "current");
        assert_eq!(back[1].path_prefix(), Some("/stripe"));
        assert_eq!(back[1].reveal(), "whsec_stripe_raw_text");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(SECRETS_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(vault.storage().kind, "file");
        assert_eq!(vault.token().unwrap(), None);
        vault.set_token(Some(" tok_123 ")).unwrap();
        assert_eq!(vault.token().unwrap().as_deref(), Some("tok_123"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(TOKEN_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        vault.set_token(None).unwrap();
        assert_eq!(vault.token().unwrap(), None);
    }

    #[test]
    fn without_a_session_keyring_the_vault_falls_back_to_the_file() {
        // These machines run no Secret Service; the probe must fail fast and fall back.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let vault = Vault::open(dir.path());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(vault.storage().kind, "file");
        assert!(vault.storage().location.ends_with(SECRETS_FILE));
    }
}
