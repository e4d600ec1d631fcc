fn main() {
    // The Tauri config lives at the repository root, beside the workspace manifest.
    let attributes = tauri_build::Attributes::new().config_path("../../tauri.conf.json");
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
