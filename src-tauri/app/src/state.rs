//! What the Tauri commands share.

use std::sync::Mutex;

use hookscope_core::vault::Vault;
use hookscope_core::Inspector;

use crate::listener::ListenerSlot;
use crate::tunnel::TunnelSlot;

pub struct AppState {
    pub inspector: Inspector,
    pub listener: ListenerSlot,
    /// Where the signing secrets are kept; the lock orders read-modify-write of the list.
    pub vault: Mutex<Vault>,
    pub tunnel: TunnelSlot,
}
