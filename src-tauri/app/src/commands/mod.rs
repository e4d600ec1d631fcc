//! Tauri commands: each a few lines over the core.

pub mod deliveries;
pub mod listener;
