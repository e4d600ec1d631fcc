// Which transfer dialog is open, the two stores behind them, and how the window
// reaches them: the Export…/Import… actions (topbar, `e`, the File menu) and
// files dropped anywhere on the window.
import type { ActionRegistry } from "../keyboard/registry.svelte";
import { onFileDrag, type UnlistenFn } from "../lib/ipc";
import { ExportStore } from "./export.svelte";
import { ImportStore } from "./import.svelte";
import type { ScopeSources } from "./scope";

export type TransferDialog = "export" | "import";

export class TransferDialogs {
  open = $state<TransferDialog | null>(null);
  /** Where focus goes back to when the dialog closes. */
  opener = $state.raw<HTMLElement | null>(null);
  readonly exporter: ExportStore;
  readonly importer: ImportStore;

  /** `sources`: what the window shows, for the export's scope; `onImported`: read the lists again. */
  constructor(sources: () => ScopeSources, onImported: () => void) {
    this.exporter = new ExportStore(sources);
    this.importer = new ImportStore({ onImported });
  }

  /** Opens `dialog` (in place of the other one); focus returns to `opener`, or to what had it. */
  show(dialog: TransferDialog, opener: HTMLElement | null = focused()): void {
    if (this.open === dialog) return;
    // From one dialog to the other (a drop over the export dialog), focus still goes back to the first opener.
    if (this.open === null) this.opener = opener;
    if (dialog === "export") this.exporter.opened();
    this.open = dialog;
  }

  close(): void {
    this.open = null;
  }

  /** Registers the actions and listens for dropped files until the returned function is called. */
  connect(registry: ActionRegistry): () => void {
    let unlistenDrag: UnlistenFn | null = null;
    let stopped = false;
    void this.importer.init();
    void this.#listenForDrops().then((unlisten) => {
      if (stopped) unlisten?.();
      else unlistenDrag = unlisten;
    });
    const undo = [registry.register("export", () => this.show("export")), registry.register("import", () => this.show("import"))];
    return () => {
      stopped = true;
      undo.forEach((done) => done());
      unlistenDrag?.();
      this.importer.dispose();
      this.exporter.dispose();
    };
  }

  async #listenForDrops(): Promise<UnlistenFn | null> {
    try {
      return await onFileDrag((drag) => {
        const paths = this.importer.drag(drag);
        if (paths.length === 0) return;
        this.show("import");
        void this.importer.importPaths(paths);
      });
    } catch {
      // No drop target (the window cannot report drops): Import… still works.
      return null;
    }
  }
}

function focused(): HTMLElement | null {
  return document.activeElement instanceof HTMLElement ? document.activeElement : null;
}
