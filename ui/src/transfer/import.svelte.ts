// Imports of exported logs: files chosen in the open dialog or dropped on the
// window, read one after another by the core, with its progress as it commits
// batches. Imported deliveries are not announced like new arrivals, so the
// lists are read again once a batch of files has added any.
import {
  chooseImportFile,
  errorMessage,
  importFile,
  onImportProgress,
  reverifyImported,
  type FileDrag,
  type ImportProgress,
  type ImportSummary,
  type UnlistenFn,
} from "../lib/ipc";
import { fileName } from "./words";

export type ImportHooks = {
  /** Deliveries were added: the lists should be read again. */
  onImported: () => void;
};

export class ImportStore {
  /** Files are being dragged over the window. */
  dragging = $state(false);
  /** The file being imported now. */
  current = $state<string | null>(null);
  /** The core's latest report on the current file. */
  progress = $state.raw<ImportProgress | null>(null);
  /** What each file of the latest batch did, in order. */
  results = $state.raw<ImportSummary[]>([]);
  /** Files that could not be imported, one sentence each. */
  errors = $state.raw<string[]>([]);
  reverifyStarted = $state(false);
  reverifyError = $state<string | null>(null);

  readonly #hooks: ImportHooks;
  #queue: string[] = [];
  #unlisten: UnlistenFn | null = null;
  #disposed = false;

  constructor(hooks: ImportHooks) {
    this.#hooks = hooks;
  }

  /** Listens to the core's progress reports. */
  async init(): Promise<void> {
    try {
      const unlisten = await onImportProgress((progress) => {
        if (this.current !== null) this.progress = progress;
      });
      if (this.#disposed) unlisten();
      else this.#unlisten = unlisten;
    } catch (error) {
      this.errors = [errorMessage(error)];
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#unlisten?.();
    this.#unlisten = null;
  }

  /** Files dragged over the window; returns the paths dropped (none until the drop). */
  drag(drag: FileDrag): string[] {
    this.dragging = drag.kind === "over";
    return drag.kind === "dropped" ? drag.paths : [];
  }

  /** The open dialog, then the file picked (nothing when it is cancelled). */
  async choose(): Promise<void> {
    try {
      const path = await chooseImportFile();
      if (path !== null) await this.importPaths([path]);
    } catch (error) {
      this.errors = [...this.errors, errorMessage(error)];
    }
  }

  /** Imports `paths` one after another, after any already waiting. */
  async importPaths(paths: string[]): Promise<void> {
    const running = this.current !== null;
    this.#queue.push(...paths);
    if (running) return;
    this.results = [];
    this.errors = [];
    this.reverifyStarted = false;
    this.reverifyError = null;
    let added = false;
    for (let path = this.#queue.shift(); path !== undefined; path = this.#queue.shift()) {
      this.current = path;
      this.progress = null;
      try {
        const summary = await importFile(path);
        this.results = [...this.results, summary];
        added ||= summary.added > 0;
      } catch (error) {
        this.errors = [...this.errors, `Could not import ${fileName(path)}: ${errorMessage(error)}`];
        // Batches committed before the failure stay in the store.
        added ||= this.#addedSoFar() > 0;
      }
    }
    this.current = null;
    this.progress = null;
    if (added) this.#hooks.onImported();
  }

  /** What the core last reported added from the current file (a method: TypeScript would keep the null set before the await). */
  #addedSoFar(): number {
    return this.progress?.added ?? 0;
  }

  /** Re-verifies the imported deliveries with the secrets in use; the progress shows in the lists' status line. */
  async reverify(): Promise<void> {
    if (this.reverifyStarted) return;
    this.reverifyStarted = true;
    this.reverifyError = null;
    try {
      await reverifyImported();
    } catch (error) {
      this.reverifyStarted = false;
      this.reverifyError = errorMessage(error);
    }
  }
}
