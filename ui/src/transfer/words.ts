// The sentences the export and import dialogs show, from the core's counts.
import type { ExportSummary, ImportProgress, ImportSummary, Rejected } from "../lib/ipc";
import { formatSize } from "../lib/format/size";

const number = (n: number): string => n.toLocaleString("en-US");

/** "1 delivery", "1,234 deliveries". */
export function deliveries(n: number): string {
  return `${number(n)} ${n === 1 ? "delivery" : "deliveries"}`;
}

/** What an export wrote, one line each: the count and file, then what was left out (when anything was). */
export function exportResultLines(summary: ExportSummary, path: string): string[] {
  const lines = [`Exported ${deliveries(summary.count)} (${formatSize(summary.bytes)}) to ${path}`];
  const bodies = summary.redacted_bodies;
  if (bodies > 0) {
    lines.push(
      bodies === 1
        ? "1 body redacted — its signature no longer matches"
        : `${number(bodies)} bodies redacted — their signatures no longer match`,
    );
  }
  const secrets = summary.secrets_removed;
  if (secrets > 0) lines.push(`${number(secrets)} secret ${secrets === 1 ? "occurrence" : "occurrences"} removed`);
  return lines;
}

/** "120 added, 3 already present" so far. */
export function importProgressLine(progress: Pick<ImportProgress, "added" | "skipped">): string {
  return `${number(progress.added)} added, ${number(progress.skipped)} already present`;
}

/** "Imported 120 deliveries from log.ndjson (3 already present, 1 rejected)". */
export function importResultLine(summary: ImportSummary): string {
  return `Imported ${deliveries(summary.added)} from ${summary.file} (${number(summary.skipped)} already present, ${number(summary.rejected)} rejected)`;
}

/** "line 4: expected value at line 1 column 1". */
export function rejectedLine(rejected: Rejected): string {
  return `${rejected.at}: ${rejected.message}`;
}

/** The last part of a path (either separator), for naming a file that failed. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
