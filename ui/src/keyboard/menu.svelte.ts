// The native menu bar (File, Edit, View) asks for the same actions as the keys:
// its clicks arrive as `menu-action` events, and its items are enabled only
// while their action is available (Export… stays greyed out until something
// handles export).
import { isActionId } from "./actions";
import type { ActionRegistry } from "./registry.svelte";
import { onMenuAction, setMenuEnabled, type UnlistenFn } from "../lib/ipc";

/** Connects the menu to `registry` until the returned function is called. */
export function connectMenu(registry: ActionRegistry): () => void {
  let unlisten: UnlistenFn | null = null;
  let stopped = false;
  void onMenuAction((id) => {
    if (isActionId(id)) registry.runFromMenu(id);
  }).then((done) => {
    if (stopped) done();
    else unlisten = done;
  });
  const stopSync = $effect.root(() => {
    $effect(() => {
      const ids = registry.available.map((spec) => spec.id);
      // A failure leaves the menu as it was; the keys work regardless.
      setMenuEnabled(ids).catch(() => undefined);
    });
  });
  return () => {
    stopped = true;
    unlisten?.();
    stopSync();
  };
}
