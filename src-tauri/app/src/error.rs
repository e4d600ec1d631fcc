//! The one error shape that crosses IPC: `{code, message}`, mirrored in TypeScript.

use hookscope_core::{ListenError, StoreError};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Store,
    Listen,
    /// A file to export to or import from could not be written or read.
    File,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    /// A sentence for the user.
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError { code, message: message.into() }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} was not found"))
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> Self {
        let message = match error.storage_fault() {
            Some(fault) => format!("storage problem: {fault}"),
            None => hookscope_core::capture::error_chain(&error),
        };
        tracing::error!(error = %hookscope_core::capture::error_chain(&error), "store error");
        IpcError::new(ErrorCode::Store, message)
    }
}

impl From<hookscope_core::replaying::ReplayCommandError> for IpcError {
    fn from(error: hookscope_core::replaying::ReplayCommandError) -> Self {
        use hookscope_core::replaying::ReplayCommandError as E;
        match error {
            E::Store(store) => store.into(),
            E::NotFound(_) => IpcError::not_found("the delivery"),
            other => IpcError::new(ErrorCode::InvalidInput, hookscope_core::capture::error_chain(&other)),
        }
    }
}

impl From<ListenError> for IpcError {
    fn from(error: ListenError) -> Self {
        IpcError::new(ErrorCode::Listen, hookscope_core::capture::error_chain(&error))
    }
}

impl From<hookscope_core::exporting::ExportError> for IpcError {
    fn from(error: hookscope_core::exporting::ExportError) -> Self {
        use hookscope_core::exporting::ExportError as E;
        let message = hookscope_core::capture::error_chain(&error);
        match error {
            E::Store(store) => store.into(),
            E::Redaction(_) => IpcError::new(ErrorCode::InvalidInput, message),
            _ => IpcError::new(ErrorCode::File, message),
        }
    }
}

impl From<hookscope_core::import::ImportError> for IpcError {
    fn from(error: hookscope_core::import::ImportError) -> Self {
        use hookscope_core::import::ImportError as E;
        let message = hookscope_core::capture::error_chain(&error);
        match error {
            E::Store(store) => store.into(),
            _ => IpcError::new(ErrorCode::File, message),
        }
    }
}
