// The import dialog over the fake core: a file chosen or dropped, the core's
// progress as it reads, what each file added or could not read, re-verifying.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { ImportProgress, ImportSummary, IpcError } from "../lib/ipc";
import { clearMocks, emit, fakeCore, settle } from "../test/fake-core";
import { importSummary, type FakeTransferOptions } from "../test/fake-transfer";
import ImportDialog from "./ImportDialog.svelte";
import { ImportStore } from "./import.svelte";

const listening: ImportStore[] = [];

afterEach(() => {
  cleanup();
  for (const store of listening.splice(0)) store.dispose();
  clearMocks();
});

async function openImport(transfer: FakeTransferOptions = {}) {
  const core = fakeCore({ transfer });
  let imported = 0;
  const importer = new ImportStore({ onImported: () => imported++ });
  await importer.init();
  listening.push(importer);
  render(ImportDialog, { importer, opener: null, onclose: () => undefined });
  await settle();
  return { core, importer, imported: () => imported };
}

/** An import that finishes when the test says. */
function held() {
  let finish: (summary: ImportSummary) => void = () => undefined;
  let fail: (error: IpcError) => void = () => undefined;
  const answer = new Promise<ImportSummary>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { answer, finish: (summary: ImportSummary) => finish(summary), fail: (error: IpcError) => fail(error) };
}

const progress = (overrides: Partial<ImportProgress>): ImportProgress => ({
  file: "log.ndjson",
  added: 0,
  skipped: 0,
  rejected: 0,
  bytes_read: 0,
  total_bytes: 4000,
  finished: false,
  ...overrides,
});

const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, " ").trim();

describe("Import", () => {
  it("imports the file chosen, showing the core's progress, then what it added and what it skipped", async () => {
    const run = held();
    const { core, imported } = await openImport({ onChooseImportFile: () => "/home/dev/log.ndjson", onImport: () => run.answer });
    await fireEvent.click(screen.getByTestId("import-choose"));
    await settle();
    expect(core.callsTo("import_file")).toEqual([{ path: "/home/dev/log.ndjson" }]);
    expect(text("import-progress")).toContain("Importing log.ndjson…");

    await emit("import-progress", progress({ added: 100, skipped: 20, bytes_read: 1000 }));
    await settle();
    const bar = screen.getByTestId("import-progress").querySelector("progress")!;
    expect([bar.value, bar.max]).toEqual([1000, 4000]);
    expect(text("import-progress")).toContain("100 added, 20 already present");
    await emit("import-progress", progress({ added: 1500, skipped: 20, bytes_read: 3000 }));
    await settle();
    expect(bar.value).toBe(3000);
    expect(text("import-progress")).toContain("1,500 added, 20 already present");

    run.finish(
      importSummary("/home/dev/log.ndjson", {
        added: 1500,
        skipped: 20,
        rejected: 3,
        errors: [
          { at: "line 4", message: "expected value at line 1 column 1" },
          { at: "line 9", message: "the delivery has no id" },
        ],
      }),
    );
    await settle();
    expect(screen.queryByTestId("import-progress")).toBeNull();
    expect(screen.getByTestId("import-result").querySelector("[role=status]")?.textContent).toBe(
      "Imported 1,500 deliveries from log.ndjson (20 already present, 3 rejected)",
    );
    expect([...screen.getByTestId("import-errors").querySelectorAll("li")].map((li) => li.textContent?.trim())).toEqual([
      "line 4: expected value at line 1 column 1",
      "line 9: the delivery has no id",
      "and 1 more",
    ]);
    expect(imported()).toBe(1);
  });

  it("does nothing when the open dialog is cancelled, and reads the lists again only when something was added", async () => {
    const { core, importer, imported } = await openImport({ onChooseImportFile: () => null });
    await fireEvent.click(screen.getByTestId("import-choose"));
    await settle();
    expect(core.callsTo("import_file")).toHaveLength(0);
    await importer.importPaths(["/tmp/again.ndjson"]);
    await settle();
    expect(text("import-result")).toBe("Imported 0 deliveries from again.ndjson (0 already present, 0 rejected)");
    expect(screen.queryByTestId("import-errors")).toBeNull();
    expect(imported()).toBe(0);
  });

  it("imports dropped files one after another, going on past one that cannot be read", async () => {
    const runs = new Map([
      ["/a/first.har", held()],
      ["/a/broken.ndjson", held()],
      ["/a/third.ndjson", held()],
    ]);
    const { core, importer, imported } = await openImport({ onImport: (path) => runs.get(path)!.answer });
    expect(importer.drag({ kind: "over" })).toEqual([]);
    expect(importer.dragging).toBe(true);
    const dropped = importer.drag({ kind: "dropped", paths: [...runs.keys()] });
    expect(importer.dragging).toBe(false);
    void importer.importPaths(dropped);
    await settle();
    // One at a time: the second waits for the first.
    expect(core.callsTo("import_file")).toEqual([{ path: "/a/first.har" }]);
    runs.get("/a/first.har")!.finish(importSummary("/a/first.har", { added: 2 }));
    await settle();
    expect(core.callsTo("import_file").map((c) => c.path)).toEqual(["/a/first.har", "/a/broken.ndjson"]);
    expect(imported()).toBe(0);
    runs.get("/a/broken.ndjson")!.fail({ code: "file", message: "the file is neither a Hookscope log nor a HAR file: its first line is not JSON" });
    await settle();
    runs.get("/a/third.ndjson")!.finish(importSummary("/a/third.ndjson", { skipped: 4 }));
    await settle();
    expect(screen.getAllByTestId("import-result").map((r) => r.textContent?.trim())).toEqual([
      "Imported 2 deliveries from first.har (0 already present, 0 rejected)",
      "Imported 0 deliveries from third.ndjson (4 already present, 0 rejected)",
    ]);
    expect(screen.getByTestId("import-error").getAttribute("role")).toBe("alert");
    expect(text("import-error")).toBe(
      "Could not import broken.ndjson: the file is neither a Hookscope log nor a HAR file: its first line is not JSON",
    );
    // Once, after the last file.
    expect(imported()).toBe(1);
    importer.drag({ kind: "over" });
    importer.drag({ kind: "left" });
    expect(importer.dragging).toBe(false);
  });

  it("reads the lists again when a file fails after some batches were committed", async () => {
    const run = held();
    const { importer, imported } = await openImport({ onImport: () => run.answer });
    void importer.importPaths(["/a/big.ndjson"]);
    await settle();
    await emit("import-progress", progress({ file: "big.ndjson", added: 500, bytes_read: 2000 }));
    await settle();
    run.fail({ code: "file", message: "line 12 is longer than 16777216 bytes" });
    await settle();
    expect(text("import-error")).toBe("Could not import big.ndjson: line 12 is longer than 16777216 bytes");
    expect(imported()).toBe(1);
  });

  it("starts re-verifying the imported deliveries once, and says so", async () => {
    let asked = 0;
    const { core } = await openImport({ onReverifyImported: () => void asked++ });
    const button = screen.getByTestId<HTMLButtonElement>("import-reverify");
    expect(button.textContent?.trim()).toBe("Re-verify imported deliveries with my secrets");
    await fireEvent.click(button);
    await settle();
    expect(core.callsTo("reverify_imported")).toEqual([{}]);
    expect(asked).toBe(1);
    expect(button.disabled).toBe(true);
    expect(text("import-reverify-started")).toBe("Started: its progress shows beside the timeline.");
  });

  it("shows a refused re-verification and lets it be tried again", async () => {
    await openImport({
      onReverifyImported: () => {
        throw { code: "store", message: "storage problem: the disk is full" } satisfies IpcError;
      },
    });
    await fireEvent.click(screen.getByTestId("import-reverify"));
    await settle();
    expect(text("import-reverify-error")).toBe("storage problem: the disk is full");
    expect(screen.getByTestId<HTMLButtonElement>("import-reverify").disabled).toBe(false);
  });
});
