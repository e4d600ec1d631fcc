//! The native menu bar: File (Import…, Export…, Quit), Edit (cut, copy, paste,
//! select all, for the window's fields) and View (deliveries, events, keyboard
//! shortcuts).
//!
//! Items that ask the window for something carry the id of one of its actions
//! (`ui/src/keyboard/actions.ts`): a click is sent to the window as a
//! `menu-action` event, and the window enables each item only while its action
//! is available — Export… stays greyed out until something in the window
//! handles export.

use std::sync::Mutex;

use tauri::menu::{Menu, MenuBuilder, MenuEvent, MenuItem, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

pub const MENU_ACTION: &str = "menu-action";

/// The item that quits: handled here, not by the window.
const QUIT: &str = "quit";

/// The window's actions reachable from the menu: (action id, label), by menu.
const FILE_ACTIONS: [(&str, &str); 2] = [("import", "Import…"), ("export", "Export…")];
const VIEW_ACTIONS: [(&str, &str); 3] =
    [("show-deliveries", "Deliveries"), ("show-events", "Events"), ("help", "Keyboard Shortcuts")];

/// The menu items that stand for window actions, to enable and disable.
pub struct ActionItems<R: Runtime>(Mutex<Vec<(&'static str, MenuItem<R>)>>);

/// Builds the menu bar; the action items start disabled until the window says what it handles.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let mut items = Vec::new();
    let mut action = |(id, label): (&'static str, &str)| -> tauri::Result<MenuItem<R>> {
        let item = MenuItemBuilder::with_id(id, label).enabled(false).build(app)?;
        items.push((id, item.clone()));
        Ok(item)
    };
    let [import, export] = FILE_ACTIONS.map(&mut action);
    let [deliveries, events, help] = VIEW_ACTIONS.map(&mut action);
    let quit = MenuItemBuilder::with_id(QUIT, "Quit").accelerator("CmdOrCtrl+Q").build(app)?;
    let file = SubmenuBuilder::new(app, "&File").item(&import?).item(&export?).separator().item(&quit).build()?;
    // Predefined items do what the platform does for a focused field (on Linux,
    // through libxdo); the window's own Ctrl+C/V/X/A work without them.
    let edit = SubmenuBuilder::new(app, "&Edit").cut().copy().paste().separator().select_all().build()?;
    let view = SubmenuBuilder::new(app, "&View").item(&deliveries?).item(&events?).separator().item(&help?).build()?;
    app.manage(ActionItems(Mutex::new(items)));
    MenuBuilder::new(app).items(&[&file, &edit, &view]).build()
}

/// What a click on a menu item does: quit, or ask the window for the item's action.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    if id == QUIT {
        // Exits through the run loop, so the window's size and position are saved.
        app.exit(0);
    } else if let Some(action) = action_of(id) {
        let _ = app.emit(MENU_ACTION, action);
    }
}

/// The window action behind menu item `id`, if it is one.
fn action_of(id: &str) -> Option<&'static str> {
    FILE_ACTIONS.iter().chain(VIEW_ACTIONS.iter()).map(|(action, _)| *action).find(|action| *action == id)
}

/// Enables the items whose action is in `available`, disables the others.
pub fn set_enabled<R: Runtime>(app: &AppHandle<R>, available: &[String]) -> tauri::Result<()> {
    let Some(items) = app.try_state::<ActionItems<R>>() else { return Ok(()) };
    let items = items.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for (id, item) in items.iter() {
        item.set_enabled(available.iter().any(|a| a == id))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's list of actions, which the menu's ids must be part of.
    const UI_ACTIONS: &str = include_str!("../../../ui/src/keyboard/actions.ts");

    #[test]
    fn every_menu_action_is_an_action_of_the_window() {
        for (id, _) in FILE_ACTIONS.iter().chain(VIEW_ACTIONS.iter()) {
            assert!(UI_ACTIONS.contains(&format!("id: \"{id}\"")), "{id} is not in ui/src/keyboard/actions.ts");
        }
    }

    #[test]
    fn only_action_items_are_sent_to_the_window() {
        assert_eq!(action_of("export"), Some("export"));
        assert_eq!(action_of("help"), Some("help"));
        assert_eq!(action_of(QUIT), None);
        assert_eq!(action_of("copy"), None);
    }
}
