//! Habits of a desktop app: one instance per data directory (a second launch
//! hands over to the first and exits) and the window's size and position kept
//! across restarts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hookscope_e2e::{app_binary, free_port, http, App, Launch, PATIENCE};

/// A private D-Bus session bus (single-instance finds the running app there),
/// stopped when dropped.
struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    fn start() -> SessionBus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (install it with `make test-tools`)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut address).unwrap();
        SessionBus { daemon, address: address.trim().to_owned() }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// The app binary started directly (not through WebDriver) on `data_dir`.
fn launch_directly(bus: &SessionBus, data_dir: &std::path::Path, port: u16) -> Child {
    Command::new(app_binary())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("HOOKSCOPE_DATA_DIR", data_dir)
        .env("HOOKSCOPE_PORT", port.to_string())
        .env("HOOKSCOPE_SECRET_STORE", "file")
        // No accessibility bus on the private bus: it would only add processes.
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .spawn()
        .expect("the app binary")
}

fn exit_code_within_patience(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the second launch did not exit");
}

#[tokio::test]
async fn a_second_launch_on_the_same_data_exits_and_leaves_the_first_running() {
    let bus = SessionBus::start();
    let mut launch = Launch::new();
    launch.env.push(("DBUS_SESSION_BUS_ADDRESS".into(), bus.address.clone()));
    launch.env.push(("NO_AT_BRIDGE".into(), "1".into()));
    let app = launch.start().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;

    let mut second = launch_directly(&bus, app.data_dir.path(), free_port());
    assert_eq!(exit_code_within_patience(&mut second), Some(0));

    // The first one still captures and shows what arrives.
    let response = http().post(app.listener_url("/after-second-launch")).body("x").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let rows = app.wait_for_count("[data-testid=timeline-row]", 1).await;
    assert_eq!(app.text_in(&rows[0], "[data-testid=row-path]").await, "/after-second-launch");

    // Another data directory is another instance: it starts and listens.
    let other_dir = tempfile::tempdir().unwrap();
    let other_port = free_port();
    let mut other = launch_directly(&bus, other_dir.path(), other_port);
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(other.try_wait().unwrap().is_none(), "the app on another data directory exited");
        let url = format!("http://127.0.0.1:{other_port}/other");
        if let Ok(response) = http().post(url).body("y").send().await {
            assert_eq!(response.status(), 200);
            break;
        }
        assert!(Instant::now() < deadline, "the app on another data directory never listened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = Command::new("kill").args(["-TERM", &other.id().to_string()]).status();
    let _ = other.wait();
    app.quit().await;
}

#[tokio::test]
async fn the_window_reopens_where_it_was_left() {
    let app = App::launch().await;
    app.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    app.client.set_window_rect(60, 40, 1000, 700).await.unwrap();
    let deadline = Instant::now() + PATIENCE;
    let left = loop {
        let rect = app.client.get_window_rect().await.unwrap();
        if rect == (60, 40, 1000, 700) {
            break rect;
        }
        assert!(Instant::now() < deadline, "the window did not move to 60,40 and 1000×700: {rect:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // The place is written once the window stays put; the app is then ended
    // as a session end or a crash would end it, not by a clean exit.
    let state = app.data_dir.path().join("window-state.json");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let saved = std::fs::read_to_string(&state).unwrap_or_default();
        if saved.contains(&format!("\"width\": {}", left.2)) && saved.contains(&format!("\"height\": {}", left.3)) {
            break;
        }
        assert!(Instant::now() < deadline, "the window's place was not saved; the file holds: {saved}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let data_dir = app.quit_keeping_data().await;

    let mut launch = Launch::new();
    launch.data_dir = data_dir;
    let again = launch.start().await;
    again.wait_for_text("[data-testid=local-url]", |t| !t.is_empty()).await;
    assert_eq!(again.client.get_window_rect().await.unwrap(), left);
    again.quit().await;
}
