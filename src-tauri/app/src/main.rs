// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // First, while this is the only thread.
    hookscope_app::paint_in_software_without_gpu();
    hookscope_app::run()
}
