// Everything the Replays tab keeps for the detail pane, made once per pane so
// the target typed and the replays read survive moving between deliveries
// and tabs. The pane's keyboard shortcuts use the same state.
import type { ReplayMode } from "../lib/ipc";
import { CurlStore } from "./curl.svelte";
import { IdempotencyStore } from "./idempotency.svelte";
import { LastError } from "./last-error.svelte";
import { ReplaysStore } from "./replays.svelte";
import { ReplayTargetStore } from "./target.svelte";

export const AS_CAPTURED: ReplayMode = { kind: "as_captured" };

export type ReplayState = {
  lastError: LastError;
  replays: ReplaysStore;
  target: ReplayTargetStore;
  curl: CurlStore;
  idempotency: IdempotencyStore;
  dispose(): void;
};

export function replayState(): ReplayState {
  const lastError = new LastError();
  const replays = new ReplaysStore(lastError);
  const curl = new CurlStore(lastError);
  void replays.listen();
  return {
    lastError,
    replays,
    target: new ReplayTargetStore(lastError),
    curl,
    idempotency: new IdempotencyStore(replays),
    dispose() {
      replays.dispose();
      curl.dispose();
    },
  };
}
