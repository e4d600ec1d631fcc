// The export and import commands of the fake core (see fake-core.ts): native
// dialogs answered with fixed paths, counts taken from the fake store's
// summaries, and every answer replaceable by a test. The calls themselves are
// recorded by fake-core with the rest.
import { mockWindows } from "@tauri-apps/api/mocks";

import type {
  DeliverySummary,
  ExportFormat,
  ExportRequest,
  ExportScope,
  ExportSummary,
  ImportSummary,
  IpcError,
  RedactionOptions,
  RedactionPreview,
} from "../lib/ipc";
import { matchesFilter, normalized } from "../timeline/filter";

export type FakeTransferOptions = {
  /** What the save dialog answers (default: /home/dev/<the suggested name>); null is a cancel. */
  onChooseExportFile?: (format: ExportFormat, suggestedName: string) => string | null;
  /** What the open dialog answers (default: a cancel). */
  onChooseImportFile?: () => string | null;
  /** Answers export_count (default: the summaries in scope, as far as a summary can tell). */
  onExportCount?: (scope: ExportScope) => number;
  /** Answers export_deliveries (default: the count in scope, 512 bytes each, nothing redacted); throw to reject. */
  onExport?: (request: ExportRequest, path: string) => ExportSummary | Promise<ExportSummary>;
  /** Answers redaction_preview (default: nothing removed; not_found for an id not in the store); throw to reject. */
  onPreview?: (id: string, redaction: RedactionOptions) => RedactionPreview;
  /** Answers import_file (default: nothing added); may wait, while the test emits `import-progress`. */
  onImport?: (path: string) => ImportSummary | Promise<ImportSummary>;
  /** Answers reverify_imported (default: started); throw to reject. */
  onReverifyImported?: () => void;
};

const COMMANDS = new Set([
  "choose_export_file",
  "choose_import_file",
  "export_count",
  "export_deliveries",
  "redaction_preview",
  "import_file",
  "reverify_imported",
]);

export function isTransferCommand(cmd: string): boolean {
  return COMMANDS.has(cmd);
}

/** The window the drop events are for (getCurrentWebview needs one). */
export function mockMainWindow(): void {
  mockWindows("main");
}

/** Answers one of the transfer commands. */
export function transferCommand(
  cmd: string,
  args: Record<string, unknown>,
  options: FakeTransferOptions,
  summaries: DeliverySummary[],
): unknown {
  const inScope = (scope: ExportScope): number =>
    summaries.filter((s) => (scope.ids.length === 0 || scope.ids.includes(s.id)) && matchesFilter(normalized(scope.filter), s)).length;
  switch (cmd) {
    case "choose_export_file": {
      const [format, name] = [args.format as ExportFormat, args.suggestedName as string];
      return options.onChooseExportFile ? options.onChooseExportFile(format, name) : `/home/dev/${name}`;
    }
    case "choose_import_file":
      return options.onChooseImportFile?.() ?? null;
    case "export_count":
      return (options.onExportCount ?? inScope)(args.scope as ExportScope);
    case "export_deliveries": {
      const [request, path] = [args.request as ExportRequest, args.path as string];
      if (options.onExport) return options.onExport(request, path);
      const count = inScope(request.scope);
      return { format: request.format, count, redacted_bodies: 0, secrets_removed: 0, bytes: count * 512 } satisfies ExportSummary;
    }
    case "redaction_preview": {
      const [id, redaction] = [args.id as string, args.redaction as RedactionOptions];
      if (options.onPreview) return options.onPreview(id, redaction);
      if (!summaries.some((s) => s.id === id)) throw { code: "not_found", message: "the delivery was not found" } satisfies IpcError;
      return { headers: [], json_paths: [], secrets: 0 } satisfies RedactionPreview;
    }
    case "import_file": {
      const path = args.path as string;
      if (options.onImport) return options.onImport(path);
      return importSummary(path);
    }
    case "reverify_imported":
      options.onReverifyImported?.();
      return null;
  }
  throw { code: "invalid_input", message: `unexpected command ${cmd}` } satisfies IpcError;
}

/** What importing `path` did (default: nothing added, nothing rejected). */
export function importSummary(path: string, overrides: Partial<ImportSummary> = {}): ImportSummary {
  const file = path.split("/").pop() ?? path;
  return { file, format: file.endsWith(".har") ? "har" : "ndjson", added: 0, skipped: 0, rejected: 0, errors: [], ...overrides };
}
