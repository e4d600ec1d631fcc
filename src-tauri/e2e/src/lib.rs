//! Drives the built desktop app through WebDriver: `tauri-driver` in front of
//! WebKitWebDriver, under Xvfb (the Makefile runs the tests in `xvfb-run`).
//!
//! Each [`App`] is a fresh app process with its own temp data dir and listener
//! port, so tests see only their own deliveries. Tests run one at a time.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

pub use fantoccini;

pub mod deliveries;
pub mod figures;
pub mod file_dialog;
pub mod handler;
pub mod page;
pub mod procs;

/// How long a UI expectation may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(15);

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The app binary under test: `HOOKSCOPE_APP_BIN`, else the debug build.
pub fn app_binary() -> PathBuf {
    match std::env::var_os("HOOKSCOPE_APP_BIN") {
        Some(path) => PathBuf::from(path),
        None => workspace_root().join("target/debug/hookscope-app"),
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub struct App {
    pub client: Client,
    /// The port the app was told to listen on.
    pub port: u16,
    pub data_dir: tempfile::TempDir,
    driver: Child,
}

pub struct Launch {
    pub port: u16,
    pub data_dir: tempfile::TempDir,
    /// Extra environment for the app (e.g. `NGROK_AUTHTOKEN`).
    pub env: Vec<(String, String)>,
}

impl Launch {
    pub fn new() -> Launch {
        Launch { port: free_port(), data_dir: tempfile::tempdir().expect("a temp dir"), env: Vec::new() }
    }

    pub async fn start(self) -> App {
        let binary = app_binary();
        assert!(binary.exists(), "no app binary at {} — build it with `make build`", binary.display());
        let (driver_port, native_port) = (free_port(), free_port());
        let tauri_driver = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let mut command = Command::new(&tauri_driver);
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let driver = command
            .args(["--port", &driver_port.to_string(), "--native-port", &native_port.to_string()])
            .env("HOOKSCOPE_DATA_DIR", self.data_dir.path())
            .env("HOOKSCOPE_PORT", self.port.to_string())
            // Never touch the developer's real keyring from a test.
            .env("HOOKSCOPE_SECRET_STORE", "file")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {tauri_driver} (install it with `make test-tools`): {e}"));
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": binary.to_string_lossy() }));
        let url = format!("http://127.0.0.1:{driver_port}");
        let deadline = Instant::now() + PATIENCE;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(client) => break client,
                Err(error) if Instant::now() < deadline => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => panic!("no WebDriver session with the app: {error}"),
            }
        };
        App { client, port: self.port, data_dir: self.data_dir, driver }
    }
}

impl Default for Launch {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    pub async fn launch() -> App {
        Launch::new().start().await
    }

    pub fn listener_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for an element matching `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} within {PATIENCE:?}: {e}"))
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// Waits until the text of `css` satisfies `check`; returns that text.
    pub async fn wait_for_text(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if check(&text) {
                        return text;
                    }
                    last = text;
                }
            }
            assert!(Instant::now() < deadline, "{css} never had the expected text; last seen: {last:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `count` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> Vec<Element> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found = self.find_all(css).await;
            if found.len() == count {
                return found;
            }
            assert!(Instant::now() < deadline, "expected {count} × {css}, saw {}", found.len());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the element `css` inside `parent` (its `textContent`: WebKit's
    /// WebDriver reports no rendered text for cells of absolutely placed rows).
    pub async fn text_in(&self, parent: &Element, css: &str) -> String {
        let element = parent.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css} in row: {e}"));
        element.prop("textContent").await.ok().flatten().unwrap_or_default()
    }

    /// Presses each key in turn, as a person would, on whatever has focus
    /// (special keys as `fantoccini::key::Key` chars, e.g. `Key::Enter.into()`).
    pub async fn press(&self, keys: &[char]) {
        use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for &value in keys {
            actions = actions.then(KeyAction::Down { value }).then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await.unwrap_or_else(|e| panic!("could not press {keys:?}: {e}"));
    }

    /// The `data-testid` of the focused element (empty when it has none).
    pub async fn focused_testid(&self) -> String {
        let element = self.client.active_element().await.expect("a focused element");
        element.attr("data-testid").await.ok().flatten().unwrap_or_default()
    }

    /// As [`App::quit`], keeping the data directory for another launch.
    pub async fn quit_keeping_data(mut self) -> tempfile::TempDir {
        let kept = std::mem::replace(&mut self.data_dir, tempfile::tempdir().expect("a temp dir"));
        self.quit().await;
        kept
    }

    /// Ends the session and stops tauri-driver with SIGTERM (a SIGKILL leaves
    /// WebKitWebDriver holding its port).
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        terminate(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        terminate(&mut self.driver);
    }
}

fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// An HTTP client for posting deliveries to the app's listener.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("an HTTP client")
}
