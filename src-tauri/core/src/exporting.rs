//! Exporting: the deliveries in scope read in one snapshot of the store and
//! streamed through the pure [`crate::export`] formats to any writer, so memory
//! stays bounded whatever their number.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::export::manifest::Manifest;
use crate::export::{
    har, ndjson, ExportFormat, ExportRequest, ExportScope, ExportSummary, NeverWritten, RedactionError,
    RedactionOptions, RedactionPreview, Redactor,
};
use crate::inspector::Inspector;
use crate::store::{scoped, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Redaction(#[from] RedactionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export")]
    Write(#[source] std::io::Error),
    #[error("cannot write {}", .path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("a delivery could not be encoded")]
    Encode(#[from] serde_json::Error),
    #[error("the export stopped unexpectedly")]
    Task(#[source] tokio::task::JoinError),
}

impl Inspector {
    /// Writes the deliveries `request` asks for to `out`. The signing secrets in
    /// use and `never_write` (the ngrok authtoken, secrets kept elsewhere) are cut
    /// from everything written, whatever the redaction options.
    pub async fn export<W: Write + Send + 'static>(
        &self,
        request: ExportRequest,
        never_write: Vec<String>,
        out: W,
    ) -> Result<ExportSummary, ExportError> {
        let redactor = self.redactor(&request.redaction, &never_write)?;
        let store = self.store().clone();
        let now_ms = self.clock().now_ms();
        tokio::task::spawn_blocking(move || write(&store, &request, &redactor, now_ms, out))
            .await
            .map_err(ExportError::Task)?
    }

    /// [`Inspector::export`] to the file at `path`, written aside (`<name>.partial`)
    /// and renamed at the end, so a failed export leaves no half file and an
    /// existing file is replaced only by a whole export.
    pub async fn export_to_file(
        &self,
        request: ExportRequest,
        never_write: Vec<String>,
        path: &Path,
    ) -> Result<ExportSummary, ExportError> {
        let partial = partial_path(path);
        let file_error = |source| ExportError::File { path: path.to_owned(), source };
        let file = std::fs::File::create(&partial).map_err(file_error)?;
        let summary = self.export(request, never_write, file).await.inspect_err(|_| {
            let _ = std::fs::remove_file(&partial);
        })?;
        std::fs::rename(&partial, path).map_err(|source| {
            let _ = std::fs::remove_file(&partial);
            file_error(source)
        })?;
        Ok(summary)
    }

    /// How many deliveries an export of `scope` would hold.
    pub async fn export_count(&self, scope: ExportScope) -> Result<u64, StoreError> {
        self.store().read(move |conn| scoped::count(conn, &scope)).await
    }

    /// What exporting delivery `id` with `options` would leave out; None when there is no such delivery.
    pub async fn redaction_preview(
        &self,
        id: &str,
        options: &RedactionOptions,
        never_write: Vec<String>,
    ) -> Result<Option<RedactionPreview>, ExportError> {
        let redactor = self.redactor(options, &never_write)?;
        Ok(self.delivery(id).await?.map(|delivery| redactor.preview(&delivery)))
    }

    fn redactor(&self, options: &RedactionOptions, never_write: &[String]) -> Result<Redactor, RedactionError> {
        Redactor::new(options, NeverWritten::new(&self.signing().current().secrets, never_write))
    }
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    path.with_file_name(name)
}

/// Counts what goes through to the writer.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write(
    store: &Store,
    request: &ExportRequest,
    redactor: &Redactor,
    now_ms: i64,
    out: impl Write,
) -> Result<ExportSummary, ExportError> {
    let mut out = BufWriter::with_capacity(1 << 16, Counted { inner: out, bytes: 0 });
    let format = request.format;
    let scope = &request.scope;
    let (count, redacted_bodies, secrets_removed) = store.snapshot_blocking(|conn| {
        let count = scoped::count(conn, scope)?;
        // The manifest comes first and lists the bodies a redaction changes: find them
        // before writing, in the same snapshot as the rows.
        let mut redacted_bodies = Vec::new();
        if redactor.may_change_bodies() {
            scoped::for_each_body(conn, scope, |id, body| {
                if redactor.changes_body(body) {
                    redacted_bodies.push(id.to_owned());
                }
                Ok::<_, StoreError>(())
            })?;
        }
        let redacted = redacted_bodies.len() as u64;
        let manifest = Manifest::new(format, scope.clone(), &request.redaction, count, redacted_bodies, now_ms);
        let head = match format {
            ExportFormat::Ndjson => ndjson::manifest_line(&manifest)?,
            ExportFormat::Har => har::head(&manifest)?,
        };
        out.write_all(head.as_bytes()).map_err(ExportError::Write)?;
        let mut written = 0u64;
        let mut secrets = 0u64;
        scoped::for_each(conn, scope, |delivery, replays| {
            let exported = redactor.delivery(&delivery, replays);
            secrets += exported.redacted.as_ref().map_or(0, |mark| u64::from(mark.secrets));
            let (text, cut) = match format {
                ExportFormat::Ndjson => ndjson::delivery_line(redactor, &exported)?,
                ExportFormat::Har => redactor.encode(&har::entry(exported))?,
            };
            if format == ExportFormat::Har && written > 0 {
                out.write_all(har::SEPARATOR.as_bytes()).map_err(ExportError::Write)?;
            }
            out.write_all(text.as_bytes()).map_err(ExportError::Write)?;
            secrets += u64::from(cut);
            written += 1;
            Ok::<_, ExportError>(())
        })?;
        Ok::<_, ExportError>((written, redacted, secrets))
    })?;
    if format == ExportFormat::Har {
        out.write_all(har::TAIL.as_bytes()).map_err(ExportError::Write)?;
    }
    out.flush().map_err(ExportError::Write)?;
    Ok(ExportSummary { format, count, redacted_bodies, secrets_removed, bytes: out.get_ref().bytes })
}
