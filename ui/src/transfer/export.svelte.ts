// The export dialog's state: what to export (format, scope, redaction), the
// count in scope and a preview of what is left out, both asked of the core as
// the choices change, and the export itself once a file is chosen.
import {
  chooseExportFile,
  errorMessage,
  exportCount,
  exportDeliveries,
  redactionPreview,
  type ExportFormat,
  type ExportRequest,
  type ExportScope,
  type ExportSummary,
  type RedactionOptions,
  type RedactionPreview,
} from "../lib/ipc";
import { suggestedFileName } from "./file-name";
import { DEFAULT_REDACTED_HEADERS, redactionOptions } from "./redaction";
import { defaultScope, exportScope, scopeAvailable, windowProblem, type ScopeChoice, type ScopeSources } from "./scope";

/** A pause this long in typing redaction options asks for a new preview. */
export const PREVIEW_DEBOUNCE_MS = 150;

export class ExportStore {
  format = $state<ExportFormat>("ndjson");
  choice = $state<ScopeChoice>("all");
  /** The time window's ends, as the `datetime-local` fields hold them. */
  since = $state("");
  until = $state("");
  headersText = $state(DEFAULT_REDACTED_HEADERS.join(", "));
  pathsText = $state("");
  selfPreset = $state(false);

  /** Deliveries in scope; null until the core answers. */
  count = $state<number | null>(null);
  countError = $state<string | null>(null);
  preview = $state.raw<RedactionPreview | null>(null);
  previewError = $state<string | null>(null);
  /** The save dialog is open, or the export is being written. */
  busy = $state<"choosing" | "exporting" | null>(null);
  result = $state.raw<{ summary: ExportSummary; path: string } | null>(null);
  error = $state<string | null>(null);

  readonly #sources: () => ScopeSources;
  readonly #debounceMs: number;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  // Answers that land after a newer question was asked are dropped.
  #countAsked = "";
  #previewAsked = "";

  readonly scope: ExportScope = $derived(exportScope(this.choice, this.sources, { since: this.since, until: this.until }));
  readonly redaction: RedactionOptions = $derived(redactionOptions(this.headersText, this.pathsText, this.selfPreset));
  readonly request: ExportRequest = $derived({ format: this.format, scope: this.scope, redaction: this.redaction });
  /** The delivery the preview is of: the open one, else the first picked. */
  readonly previewId: string | null = $derived(this.sources.openId ?? this.sources.picked[0] ?? null);
  readonly problem: string | null = $derived(
    this.choice === "window" ? windowProblem({ since: this.since, until: this.until }) : null,
  );

  /** `sources` reads what the window shows (reactively: the scope follows it). */
  constructor(sources: () => ScopeSources, debounceMs = PREVIEW_DEBOUNCE_MS) {
    this.#sources = sources;
    this.#debounceMs = debounceMs;
  }

  get sources(): ScopeSources {
    return this.#sources();
  }

  available(choice: ScopeChoice): boolean {
    return scopeAvailable(choice, this.sources);
  }

  /** The dialog opens: the scope starts from what the window shows; the format and redaction stay as last set. */
  opened(): void {
    this.choice = defaultScope(this.sources);
    // Deliveries came and went since: ask again even for the same scope.
    this.#countAsked = "";
    this.#previewAsked = "";
    this.result = null;
    this.error = null;
  }

  /** Asks the core how many deliveries the scope holds. */
  async refreshCount(): Promise<void> {
    const scope = this.scope;
    const asked = JSON.stringify(scope);
    if (asked === this.#countAsked) return;
    this.#countAsked = asked;
    this.count = null;
    this.countError = null;
    try {
      const count = await exportCount(scope);
      if (asked === this.#countAsked) this.count = count;
    } catch (error) {
      if (asked === this.#countAsked) this.countError = errorMessage(error);
    }
  }

  /** The redaction or the previewed delivery changed: a new preview after a pause. */
  schedulePreview(): void {
    clearTimeout(this.#previewTimer);
    const id = this.previewId;
    if (id === null) {
      this.#previewAsked = "";
      this.preview = null;
      this.previewError = null;
      return;
    }
    const redaction = this.redaction;
    this.#previewTimer = setTimeout(() => void this.#loadPreview(id, redaction), this.#debounceMs);
  }

  /** Asks where to save (nothing happens when that is cancelled), then writes the export. */
  async save(now: Date): Promise<void> {
    if (this.busy !== null) return;
    const request = this.request;
    this.error = null;
    this.busy = "choosing";
    try {
      const path = await chooseExportFile(request.format, suggestedFileName(request.format, now));
      if (path === null) return;
      this.busy = "exporting";
      this.result = null;
      this.result = { summary: await exportDeliveries(request, path), path };
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.busy = null;
    }
  }

  dispose(): void {
    clearTimeout(this.#previewTimer);
  }

  async #loadPreview(id: string, redaction: RedactionOptions): Promise<void> {
    const asked = JSON.stringify([id, redaction]);
    if (asked === this.#previewAsked) return;
    this.#previewAsked = asked;
    try {
      const preview = await redactionPreview(id, redaction);
      if (asked !== this.#previewAsked) return;
      this.preview = preview;
      this.previewError = null;
    } catch (error) {
      if (asked !== this.#previewAsked) return;
      this.preview = null;
      this.previewError = errorMessage(error);
    }
  }
}
