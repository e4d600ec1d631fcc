//! What the Tauri commands share.

use hookscope_core::Inspector;

use crate::listener::ListenerSlot;

pub struct AppState {
    pub inspector: Inspector,
    pub listener: ListenerSlot,
}
