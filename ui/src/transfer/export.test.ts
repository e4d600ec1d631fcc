// The export dialog over the fake core: the request it builds for each scope
// and option, the count and preview it asks for, and what it says afterwards.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { ExportRequest, ExportSummary, IpcError } from "../lib/ipc";
import { clearMocks, fakeCore, newestFirst, settle, summary, type FakeCoreOptions } from "../test/fake-core";
import type { FakeTransferOptions } from "../test/fake-transfer";
import { NO_FILTER } from "../timeline/filter";
import ExportDialog from "./ExportDialog.svelte";
import { ExportStore } from "./export.svelte";
import type { ScopeSources } from "./scope";

afterEach(() => {
  cleanup();
  clearMocks();
});

const DEFAULT_REDACTION = { headers: ["authorization", "cookie", "x-api-key"], json_paths: [] };

/** The dialog over deliveries 1–5, showing `sources`; previews are asked for without a pause. */
async function openExport(sources: Partial<ScopeSources> = {}, transfer: FakeTransferOptions = {}, core: FakeCoreOptions = {}) {
  const fake = fakeCore({ summaries: newestFirst(5), transfer, ...core });
  const shown: ScopeSources = { filter: NO_FILTER, picked: [], openId: null, ...sources };
  const exporter = new ExportStore(() => shown, 0);
  exporter.opened();
  let closed = 0;
  render(ExportDialog, { exporter, opener: null, onclose: () => closed++ });
  await settle();
  return { core: fake, exporter, closed: () => closed };
}

const el = <T extends HTMLElement = HTMLElement>(id: string) => screen.getByTestId<T>(id);
const text = (id: string) => el(id).textContent?.replace(/\s+/g, " ").trim();

async function save(): Promise<void> {
  await fireEvent.click(el("export-save"));
  await settle();
}

describe("Export: what is exported", () => {
  it("exports everything stored as a Hookscope log with the default headers redacted", async () => {
    const { core } = await openExport();
    expect(el<HTMLInputElement>("export-format-ndjson").checked).toBe(true);
    expect(el<HTMLInputElement>("export-scope-all").checked).toBe(true);
    expect(el<HTMLInputElement>("export-headers").value).toBe("authorization, cookie, x-api-key");
    expect(text("export-count")).toBe("5 deliveries");
    await save();
    const [chosen] = core.callsTo("choose_export_file");
    expect(chosen?.format).toBe("ndjson");
    expect(chosen?.suggestedName).toMatch(/^hookscope-\d{4}-\d{2}-\d{2}-\d{4}\.ndjson$/);
    expect(core.callsTo("export_deliveries")).toEqual([
      {
        request: { format: "ndjson", scope: { filter: NO_FILTER, ids: [] }, redaction: DEFAULT_REDACTION } satisfies ExportRequest,
        path: `/home/dev/${String(chosen?.suggestedName)}`,
      },
    ]);
  });

  it("exports the timeline's filter, a HAR file with the typed headers and paths and the Self preset", async () => {
    const filter = { ...NO_FILTER, verdicts: ["mismatch" as const], search: "invoice" };
    const { core } = await openExport({ filter }, { onChooseExportFile: () => "/tmp/out.har" });
    expect(el<HTMLInputElement>("export-scope-filter").checked).toBe(true);
    await fireEvent.click(el("export-format-har"));
    await fireEvent.input(el("export-headers"), { target: { value: "Authorization x-signature," } });
    await fireEvent.input(el("export-json-paths"), { target: { value: "data.email\n\n items.*.token" } });
    await fireEvent.click(el("export-self-preset"));
    await save();
    expect(core.callsTo("choose_export_file")[0]?.format).toBe("har");
    expect(core.callsTo("export_deliveries")).toEqual([
      {
        request: {
          format: "har",
          scope: { filter, ids: [] },
          redaction: {
            headers: ["Authorization", "x-signature"],
            json_paths: ["data.email", "items.*.token", "proof", "external_uuid", "proof_attributes.*"],
          },
        },
        path: "/tmp/out.har",
      },
    ]);
  });

  it("offers the filter only when one is set, and the picks, else the open delivery", async () => {
    const { core } = await openExport({ picked: [summary(4).id, summary(2).id], openId: summary(1).id });
    expect(el<HTMLInputElement>("export-scope-filter").disabled).toBe(true);
    expect(el<HTMLInputElement>("export-scope-selection").checked).toBe(true);
    expect(text("export-count")).toBe("2 deliveries");
    await save();
    expect((core.callsTo("export_deliveries")[0]?.request as ExportRequest).scope).toEqual({
      filter: NO_FILTER,
      ids: [summary(4).id, summary(2).id],
    });

    cleanup();
    const other = await openExport({ openId: summary(3).id });
    expect(el<HTMLInputElement>("export-scope-all").checked).toBe(true);
    await fireEvent.click(el("export-scope-selection"));
    await settle();
    expect(text("export-count")).toBe("1 delivery");
    expect(other.core.callsTo("export_count").at(-1)).toEqual({ scope: { filter: NO_FILTER, ids: [summary(3).id] } });
    await save();
    expect((other.core.callsTo("export_deliveries")[0]?.request as ExportRequest).scope.ids).toEqual([summary(3).id]);

    cleanup();
    await openExport();
    expect(el<HTMLInputElement>("export-scope-selection").disabled).toBe(true);
  });

  it("exports a time window, counting again as it is typed, and refuses an end before the start", async () => {
    const { core } = await openExport({}, { onExportCount: (scope) => (scope.filter.since_ms === null ? 1234 : 7) });
    expect(text("export-count")).toBe("1,234 deliveries");
    const since = el<HTMLInputElement>("export-since");
    await fireEvent.input(since, { target: { value: "2025-01-02T14:30" } });
    await settle();
    expect(el<HTMLInputElement>("export-scope-window").checked).toBe(true);
    expect(text("export-count")).toBe("7 deliveries");
    const windowFilter = { ...NO_FILTER, since_ms: new Date(2025, 0, 2, 14, 30).getTime(), until_ms: null };
    expect(core.callsTo("export_count").at(-1)).toEqual({ scope: { filter: windowFilter, ids: [] } });

    await fireEvent.input(el("export-until"), { target: { value: "2025-01-02T14:00" } });
    await settle();
    expect(text("export-window-problem")).toBe("The end is not after the start.");
    expect(el<HTMLButtonElement>("export-save").disabled).toBe(true);
    await fireEvent.input(el("export-until"), { target: { value: "" } });
    await settle();
    await save();
    expect((core.callsTo("export_deliveries")[0]?.request as ExportRequest).scope).toEqual({ filter: windowFilter, ids: [] });
  });
});

describe("Export: saving", () => {
  it("writes nothing when the save dialog is cancelled", async () => {
    const { core } = await openExport({}, { onChooseExportFile: () => null });
    await save();
    expect(core.callsTo("choose_export_file")).toHaveLength(1);
    expect(core.callsTo("export_deliveries")).toHaveLength(0);
    expect(screen.queryByTestId("export-result")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();
    expect(el<HTMLButtonElement>("export-save").disabled).toBe(false);
  });

  it("says Exporting… while it runs, then what was written and left out", async () => {
    let finish: (summary: ExportSummary) => void = () => undefined;
    const written = new Promise<ExportSummary>((resolve) => (finish = resolve));
    await openExport({}, { onChooseExportFile: () => "/home/dev/evidence.ndjson", onExport: () => written });
    await save();
    expect(el<HTMLButtonElement>("export-save").disabled).toBe(true);
    expect(text("export-save")).toBe("Exporting…");
    finish({ format: "ndjson", count: 5, redacted_bodies: 2, secrets_removed: 3, bytes: 2048 });
    await settle();
    expect(text("export-save")).toBe("Save as…");
    const lines = [...el("export-result").querySelectorAll(".line")].map((line) => line.textContent);
    expect(lines).toEqual([
      "Exported 5 deliveries (2 KiB) to /home/dev/evidence.ndjson",
      "2 bodies redacted — their signatures no longer match",
      "3 secret occurrences removed",
    ]);
  });

  it("shows a refusal in an alert, and the Close button and Escape close the dialog", async () => {
    const refusal: IpcError = { code: "file", message: "cannot write /root/x.ndjson: permission denied" };
    const { closed } = await openExport({}, {
      onExport: () => {
        throw refusal;
      },
    });
    await save();
    expect(el("export-error").getAttribute("role")).toBe("alert");
    expect(text("export-error")).toBe("Could not export: cannot write /root/x.ndjson: permission denied");
    expect(screen.queryByTestId("export-result")).toBeNull();
    await fireEvent.click(el("export-close"));
    await fireEvent.keyDown(el("export-dialog"), { key: "Escape" });
    expect(closed()).toBe(2);
    expect(el("export-dialog").getAttribute("aria-modal")).toBe("true");
  });

  it("cannot save when nothing is in scope", async () => {
    await openExport({}, {}, { summaries: [] });
    expect(text("export-count")).toBe("0 deliveries");
    expect(el<HTMLButtonElement>("export-save").disabled).toBe(true);
  });
});

describe("Export: the redaction preview", () => {
  it("lists what would be replaced in the open delivery, asking again once typing pauses", async () => {
    const open = summary(3).id;
    const { core } = await openExport(
      { openId: open, picked: [summary(5).id] },
      {
        onPreview: (_id, redaction) => ({
          headers: redaction.headers.includes("authorization") ? ["authorization"] : [],
          json_paths: redaction.json_paths.includes("proof") ? ["proof"] : [],
          secrets: 2,
        }),
      },
    );
    expect(core.callsTo("redaction_preview")).toEqual([{ id: open, redaction: DEFAULT_REDACTION }]);
    expect([...el("export-preview").querySelectorAll("li")].map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "header authorization",
      "2 occurrences of a signing secret or the ngrok authtoken (removed)",
    ]);

    // Three changes in a row: one question, with all of them.
    await fireEvent.input(el("export-json-paths"), { target: { value: "pro" } });
    await fireEvent.input(el("export-json-paths"), { target: { value: "proof" } });
    await fireEvent.click(el("export-self-preset"));
    await settle();
    expect(core.callsTo("redaction_preview")).toHaveLength(2);
    expect(core.callsTo("redaction_preview")[1]).toEqual({
      id: open,
      redaction: { headers: DEFAULT_REDACTION.headers, json_paths: ["proof", "external_uuid", "proof_attributes.*"] },
    });
    expect(screen.getAllByTestId("preview-path").map((li) => li.textContent)).toEqual(["body value proof"]);
  });

  it("says when nothing would be removed, previews the first pick, and asks to open a delivery when none is", async () => {
    const { core } = await openExport({ picked: [summary(5).id, summary(1).id] });
    expect(core.callsTo("redaction_preview")).toEqual([{ id: summary(5).id, redaction: DEFAULT_REDACTION }]);
    expect(text("export-preview")).toBe("From the first picked delivery, nothing would be removed.");
    cleanup();
    const none = await openExport();
    expect(text("export-preview")).toBe("Open a delivery to preview what the export removes from it.");
    expect(none.core.callsTo("redaction_preview")).toHaveLength(0);
  });

  it("shows a bad path's refusal in place", async () => {
    await openExport(
      { openId: summary(2).id },
      {
        onPreview: (_id, redaction) => {
          if (redaction.json_paths.includes("a..b")) throw { code: "invalid_input", message: "the JSON path 'a..b' is empty or has an empty segment" };
          return { headers: [], json_paths: [], secrets: 0 };
        },
      },
    );
    await fireEvent.input(el("export-json-paths"), { target: { value: "a..b" } });
    await settle();
    expect(text("export-preview-error")).toBe("the JSON path 'a..b' is empty or has an empty segment");
    await fireEvent.input(el("export-json-paths"), { target: { value: "a.b" } });
    await settle();
    expect(screen.queryByTestId("export-preview-error")).toBeNull();
    expect(text("export-preview")).toBe("From the open delivery, nothing would be removed.");
  });
});
