// Export and import through the whole window: the topbar, `e` and the File
// menu open the dialogs, the export's scope comes from the timeline, a file
// dropped on the window imports, and the imported deliveries show as such.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import App from "./App.svelte";
import type { ExportRequest, ImportSummary } from "./lib/ipc";
import { clearMocks, deliveryJson, emit, fakeCore, newestFirst, settle, summary, type FakeCore, type FakeCoreOptions } from "./test/fake-core";
import { importSummary } from "./test/fake-transfer";
import { NO_FILTER } from "./timeline/filter";
import { PREVIEW_DEBOUNCE_MS } from "./transfer/export.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

const id = (n: number) => summary(n).id;
const row = (n: number) => screen.getAllByTestId("timeline-row").find((r) => r.dataset.id === id(n))!;
// Svelte sets the `inert` property (jsdom has no such attribute reflection).
const inert = () => (document.querySelector(".app") as HTMLElement & { inert?: boolean }).inert;
const rowIds = () => screen.getAllByTestId("timeline-row").map((r) => r.dataset.id);

/** The app over deliveries 1–4, newest on top. */
async function app(options: FakeCoreOptions = {}) {
  const all = newestFirst(4);
  const core = fakeCore({ summaries: all, deliveries: all.map((s) => deliveryJson(s)), ...options });
  render(App);
  await settle();
  return core;
}

/** Saves the export; the request it sent. */
async function saveExport(core: FakeCore): Promise<ExportRequest | undefined> {
  await fireEvent.click(screen.getByTestId("export-save"));
  await settle();
  return core.callsTo("export_deliveries").at(-1)?.request as ExportRequest | undefined;
}

describe("Opening the dialogs", () => {
  it("Export… and Import… in the topbar open their dialog over an inert window; Escape gives focus back", async () => {
    await app();
    const button = screen.getByTestId("open-export");
    expect(button.textContent?.trim()).toBe("Export…");
    expect(screen.getByTestId("open-import").nextElementSibling).toBe(screen.getByTestId("open-settings"));
    button.focus();
    await fireEvent.click(button);
    await settle();
    const dialog = screen.getByTestId("export-dialog");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(document.activeElement).toBe(dialog);
    expect(inert()).toBe(true);

    await fireEvent.keyDown(dialog, { key: "Escape" });
    await settle();
    expect(screen.queryByTestId("export-dialog")).toBeNull();
    expect(inert()).toBe(false);
    expect(document.activeElement).toBe(button);

    await fireEvent.click(screen.getByTestId("open-import"));
    await settle();
    await fireEvent.click(screen.getByTestId("import-close"));
    await settle();
    expect(screen.queryByTestId("import-dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("open-import"));
  });

  it("e opens the export dialog, the File menu's Import… the import dialog", async () => {
    await app();
    await fireEvent.keyDown(document.body, { key: "e" });
    await settle();
    expect(screen.getByTestId("export-dialog")).toBeTruthy();
    await fireEvent.keyDown(screen.getByTestId("export-dialog"), { key: "Escape" });
    await settle();
    await emit("menu-action", "import");
    await settle();
    expect(screen.getByTestId("import-dialog")).toBeTruthy();
    // Behind a dialog, e and the menu's Export… do nothing.
    await fireEvent.keyDown(document.body, { key: "e" });
    await emit("menu-action", "export");
    await settle();
    expect(screen.getByTestId("import-dialog")).toBeTruthy();
    expect(screen.queryByTestId("export-dialog")).toBeNull();
  });

  it("e does nothing while typing in a field", async () => {
    await app();
    const field = document.createElement("input");
    document.body.append(field);
    await fireEvent.keyDown(field, { key: "e" });
    await settle();
    expect(screen.queryByTestId("export-dialog")).toBeNull();
    field.remove();
  });
});

describe("The export's scope from the timeline", () => {
  it("exports the picked rows, and the open one when none is picked", async () => {
    const core = await app();
    await fireEvent.click(row(3).querySelector("[data-testid=row-path]")!, { ctrlKey: true });
    await fireEvent.click(row(1).querySelector("[data-testid=row-path]")!, { ctrlKey: true });
    await settle();
    await fireEvent.click(screen.getByTestId("open-export"));
    await settle();
    expect(screen.getByTestId<HTMLInputElement>("export-scope-selection").checked).toBe(true);
    expect(screen.getByTestId("export-count").textContent).toBe("2 deliveries");
    expect((await saveExport(core))?.scope).toEqual({ filter: NO_FILTER, ids: [id(3), id(1)] });
    await fireEvent.click(screen.getByTestId("export-close"));
    await settle();

    await fireEvent.click(row(2).querySelector("[data-testid=row-path]")!);
    await settle();
    await fireEvent.click(screen.getByTestId("open-export"));
    await settle();
    expect(screen.getByTestId<HTMLInputElement>("export-scope-all").checked).toBe(true);
    // The preview is of the open delivery (asked for after a pause).
    await new Promise((resolve) => setTimeout(resolve, PREVIEW_DEBOUNCE_MS));
    await settle();
    expect(core.callsTo("redaction_preview").at(-1)?.id).toBe(id(2));
    await fireEvent.click(screen.getByTestId("export-scope-selection"));
    await settle();
    expect((await saveExport(core))?.scope.ids).toEqual([id(2)]);
  });

  it("exports what the timeline's filter shows once one is set", async () => {
    const core = await app({ summaries: [summary(2, { verification: "mismatch" }), summary(1)] });
    await fireEvent.change(screen.getByTestId("verdict-filter"), { target: { value: "mismatch" } });
    await settle();
    await fireEvent.click(screen.getByTestId("open-export"));
    await settle();
    expect(screen.getByTestId<HTMLInputElement>("export-scope-filter").checked).toBe(true);
    expect(screen.getByTestId("export-count").textContent).toBe("1 delivery");
    expect((await saveExport(core))?.scope).toEqual({ filter: { ...NO_FILTER, verdicts: ["mismatch"] }, ids: [] });
  });
});

describe("Dropping files on the window", () => {
  it("shows the overlay while files hover, imports the one dropped and lists what it added", async () => {
    const stored = newestFirst(2);
    const imported = summary(9, { imported_from: "evidence.ndjson" });
    let finish: (summary: ImportSummary) => void = () => undefined;
    let finished = false;
    const core = await app({
      summaries: stored,
      onListDeliveries: () => ({ items: finished ? [imported, ...stored] : stored, next_before: null }),
      transfer: { onImport: () => new Promise((resolve) => (finish = resolve)) },
    });
    expect(rowIds()).toEqual([id(2), id(1)]);
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    await emit("tauri://drag-enter", { paths: ["/home/dev/evidence.ndjson"], position: { x: 10, y: 10 } });
    await emit("tauri://drag-over", { position: { x: 20, y: 20 } });
    await settle();
    expect(screen.getByTestId("drop-overlay").textContent?.trim()).toBe("Drop a Hookscope log or HAR file to import");

    await emit("tauri://drag-drop", { paths: ["/home/dev/evidence.ndjson"], position: { x: 20, y: 20 } });
    await settle();
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    expect(screen.getByTestId("import-dialog")).toBeTruthy();
    expect(core.callsTo("import_file")).toEqual([{ path: "/home/dev/evidence.ndjson" }]);
    const pagesBefore = core.callsTo("list_deliveries").length;

    finished = true;
    finish(importSummary("/home/dev/evidence.ndjson", { added: 1 }));
    await settle();
    expect(screen.getByTestId("import-result").textContent).toContain("Imported 1 delivery from evidence.ndjson");
    // Imported rows are not announced as arrivals: the timeline reads its first page again.
    expect(core.callsTo("list_deliveries").length).toBe(pagesBefore + 1);
    expect(rowIds()).toEqual([imported.id, id(2), id(1)]);
    const badges = screen.getAllByTestId("imported-badge");
    expect(badges).toHaveLength(1);
    expect(badges[0]?.textContent).toBe("imported");
    expect(badges[0]?.getAttribute("title")).toBe("evidence.ndjson");
  });

  it("a drop over the export dialog opens the import dialog in its place; closing it gives focus back to Export…", async () => {
    const core = await app();
    const button = screen.getByTestId("open-export");
    await fireEvent.click(button);
    await settle();
    await emit("tauri://drag-drop", { paths: ["/tmp/a.har", "/tmp/b.ndjson"], position: { x: 0, y: 0 } });
    await settle();
    expect(screen.queryByTestId("export-dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("import-dialog"));
    expect(core.callsTo("import_file")).toEqual([{ path: "/tmp/a.har" }, { path: "/tmp/b.ndjson" }]);
    expect(screen.getAllByTestId("import-result")).toHaveLength(2);
    await fireEvent.click(screen.getByTestId("import-close"));
    await settle();
    expect(document.activeElement).toBe(button);
  });

  it("hides the overlay when the files leave the window, importing nothing", async () => {
    const core = await app();
    await emit("tauri://drag-over", { position: { x: 1, y: 1 } });
    await settle();
    expect(screen.getByTestId("drop-overlay")).toBeTruthy();
    await emit("tauri://drag-leave", null);
    await settle();
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    expect(screen.queryByTestId("import-dialog")).toBeNull();
    expect(core.callsTo("import_file")).toHaveLength(0);
  });
});

describe("An imported delivery", () => {
  it("says which file it came from in the delivery pane", async () => {
    const imported = summary(5, { imported_from: "support-case.har" });
    await app({ summaries: [imported], deliveries: [deliveryJson(imported, { imported_from: "support-case.har" })] });
    await fireEvent.click(row(5).querySelector("[data-testid=row-path]")!);
    await settle();
    expect(screen.getByTestId("detail-imported").textContent).toBe("Imported from support-case.har");
    cleanup();
    await app();
    await fireEvent.click(row(4).querySelector("[data-testid=row-path]")!);
    await settle();
    expect(screen.queryByTestId("detail-imported")).toBeNull();
    expect(screen.queryByTestId("imported-badge")).toBeNull();
  });
});
