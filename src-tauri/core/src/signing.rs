//! The secrets and verification settings in force. Replaced whole when the
//! developer changes them, so a capture always verifies against one consistent set.

use std::sync::{Arc, RwLock};

use crate::verify::{Secret, VerifySettings};

#[derive(Clone, Default)]
pub struct SigningConfig {
    pub secrets: Vec<Secret>,
    pub settings: VerifySettings,
}

/// Shared, swappable [`SigningConfig`]. Cheap to clone.
#[derive(Clone, Default)]
pub struct Signing(Arc<RwLock<Arc<SigningConfig>>>);

impl Signing {
    pub fn new(config: SigningConfig) -> Self {
        Signing(Arc::new(RwLock::new(Arc::new(config))))
    }

    pub fn current(&self) -> Arc<SigningConfig> {
        match self.0.read() {
            Ok(guard) => guard.clone(),
            // A writer panicked mid-swap; the value itself is a whole Arc, still valid.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn replace(&self, config: SigningConfig) {
        let config = Arc::new(config);
        match self.0.write() {
            Ok(mut guard) => *guard = config,
            Err(poisoned) => *poisoned.into_inner() = config,
        }
    }
}
