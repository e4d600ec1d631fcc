//! A raw HTTP/1 client over TCP: sends bytes exactly as given (malformed ones
//! too) and reads the answers back, so a test sees what a hostile sender sees.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;

/// A guard against a hang, not a speed check: every answer here comes at once.
const NO_ANSWER_AFTER: Duration = Duration::from_secs(20);

/// How the request bytes go out.
#[derive(Clone, Copy, Debug)]
pub enum Send {
    /// All at once; the connection stays open.
    Whole,
    /// All at once, then the write half is closed (the sender hangs up mid-body).
    ThenHalfClose,
    /// The head (the first `n` bytes), then — after `100 Continue` — the rest.
    AfterContinue(usize),
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends `request` and reads `count` final answers (1xx are skipped; `head` answers have no body).
pub async fn exchange(
    addr: SocketAddr,
    request: &[u8],
    send: Send,
    count: usize,
    head: bool,
) -> Result<Vec<Response>, String> {
    tokio::time::timeout(NO_ANSWER_AFTER, talk(addr, request, send, count, head))
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {NO_ANSWER_AFTER:?}")))
}

async fn talk(addr: SocketAddr, request: &[u8], send: Send, count: usize, head: bool) -> Result<Vec<Response>, String> {
    let stream = TcpStream::connect(addr).await.map_err(|e| format!("connect: {e}"))?;
    let (read, mut write) = stream.into_split();
    let mut reader = Reader { read, buffer: Vec::new() };
    let mut writer = None;
    match send {
        Send::Whole | Send::ThenHalfClose => {
            // Written beside the reading: a listener may answer (413) before taking a large body.
            let bytes = request.to_vec();
            writer = Some(tokio::spawn(async move {
                let _ = write.write_all(&bytes).await;
                if let Send::ThenHalfClose = send {
                    let _ = write.shutdown().await;
                }
                // Dropping the write half would close it: kept until the answers are read.
                std::future::pending::<()>().await;
            }));
        }
        Send::AfterContinue(split) => {
            write.write_all(&request[..split]).await.map_err(|e| format!("write: {e}"))?;
            let interim = reader.response(false, true).await?;
            if interim.status != 100 {
                return Err(format!("expected 100 Continue, got {}", interim.status));
            }
            write.write_all(&request[split..]).await.map_err(|e| format!("write: {e}"))?;
        }
    }
    let mut responses = Vec::new();
    while responses.len() < count {
        responses.push(reader.response(head, false).await?);
    }
    if let Some(writer) = writer {
        writer.abort();
    }
    Ok(responses)
}

struct Reader {
    read: OwnedReadHalf,
    buffer: Vec<u8>,
}

impl Reader {
    async fn fill(&mut self) -> Result<usize, String> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.read.read(&mut chunk).await.map_err(|e| format!("read: {e}"))?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    /// The next answer; with `interim`, a 1xx answer is returned instead of skipped.
    async fn response(&mut self, head: bool, interim: bool) -> Result<Response, String> {
        loop {
            let end = loop {
                if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                    break end;
                }
                if self.fill().await? == 0 {
                    return Err(format!("closed without an answer (got {:?})", String::from_utf8_lossy(&self.buffer)));
                }
            };
            let text = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            self.buffer.drain(..end + 4);
            let mut lines = text.split("\r\n");
            let status_line = lines.next().unwrap_or_default();
            let mut parts = status_line.splitn(3, ' ');
            let version = parts.next().unwrap_or_default().to_owned();
            let status: u16 =
                parts.next().and_then(|s| s.parse().ok()).ok_or(format!("bad status line {status_line:?}"))?;
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .collect();
            let mut response = Response { status, version, headers, body: Vec::new() };
            if (100..200).contains(&status) {
                if interim {
                    return Ok(response);
                }
                continue;
            }
            if !(head || status == 204 || status == 304) {
                response.body = self.body(&response).await?;
            }
            return Ok(response);
        }
    }

    async fn body(&mut self, response: &Response) -> Result<Vec<u8>, String> {
        if response.header("transfer-encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked")) {
            return self.chunked().await;
        }
        match response.header("content-length") {
            Some(length) => {
                let length: usize = length.parse().map_err(|_| format!("bad content-length {length}"))?;
                while self.buffer.len() < length {
                    if self.fill().await? == 0 {
                        return Err("closed in the middle of the answer's body".into());
                    }
                }
                Ok(self.buffer.drain(..length).collect())
            }
            None => {
                while self.fill().await? > 0 {}
                Ok(std::mem::take(&mut self.buffer))
            }
        }
    }

    async fn chunked(&mut self) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(end) = find(&self.buffer, b"\r\n") {
                    break end;
                }
                if self.fill().await? == 0 {
                    return Err("closed in the middle of a chunked answer".into());
                }
            };
            let size_text = String::from_utf8_lossy(&self.buffer[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| format!("bad chunk size {size_text:?}"))?;
            while self.buffer.len() < line_end + 2 + size + 2 {
                if self.fill().await? == 0 {
                    return Err("closed in the middle of a chunk".into());
                }
            }
            body.extend_from_slice(&self.buffer[line_end + 2..line_end + 2 + size]);
            self.buffer.drain(..line_end + 2 + size + 2);
            if size == 0 {
                return Ok(body);
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
