use tauri::{AppHandle, Emitter, State};

use crate::answers::{self, AnswerForm, AnswersView};
use crate::error::IpcError;
use crate::events::ANSWERS_CHANGED;
use crate::state::AppState;

#[tauri::command]
pub fn answers(state: State<'_, AppState>) -> AnswersView {
    answers::view(state.inspector.answers())
}

#[tauri::command]
pub fn set_answers(app: AppHandle, state: State<'_, AppState>, form: AnswerForm) -> Result<AnswersView, IpcError> {
    let live = state.inspector.answers();
    live.set(answers::config_from(&form, live.get().timeout_hold_ms)?);
    let view = answers::view(live);
    let _ = app.emit(ANSWERS_CHANGED, &view);
    Ok(view)
}
