//! Tauri commands: each a few lines over the core.

pub mod answers;
pub mod deliveries;
pub mod first_run;
pub mod listener;
pub mod replay;
pub mod retention;
pub mod signing;
pub mod timeline;
pub mod transfer;
pub mod tunnel;
pub mod window;
