// Many replays summed up in one line: how a batch replayed in order went, and
// what an idempotency check's copies say about the handler. Counts come with
// words ("2xx", "409", "no answer"), never colour alone.
import type { ReplayRecord } from "../lib/ipc";
import { failureLook } from "./words";

/** One kind of result and how many replays had it. */
type Count = { key: string; rank: number; n: number; phrase: (n: number) => string };

function answered2xx(record: ReplayRecord): boolean {
  const result = record.outcome.result;
  return result.kind === "answered" && result.status >= 200 && result.status < 300;
}

/** Counts by kind, in `rank` order (lower first), then first seen. */
function countsOf(records: ReplayRecord[], kindOf: (record: ReplayRecord) => Omit<Count, "n">): Count[] {
  const byKey = new Map<string, Count>();
  for (const record of records) {
    const kind = kindOf(record);
    const seen = byKey.get(kind.key);
    if (seen) seen.n++;
    else byKey.set(kind.key, { ...kind, n: 1 });
  }
  return [...byKey.values()].sort((a, b) => a.rank - b.rank);
}

const listed = (counts: Count[]) => counts.map((count) => count.phrase(count.n)).join(", ");

// A batch: answers by status class, failures together.
function byClass(record: ReplayRecord): Omit<Count, "n"> {
  const result = record.outcome.result;
  if (result.kind === "failed") return { key: "failed", rank: 1000, phrase: (n) => `${n} failed` };
  const usual = result.status >= 100 && result.status < 600;
  const word = usual ? `${Math.floor(result.status / 100)}xx` : String(result.status);
  return { key: word, rank: result.status, phrase: (n) => `${n} × ${word}` };
}

/** "5 replayed: 4 × 2xx, 1 failed". */
export function describeBatch(records: ReplayRecord[]): string {
  if (records.length === 0) return "nothing replayed";
  return `${records.length} replayed: ${listed(countsOf(records, byClass))}`;
}

function noAnswerWords(record: ReplayRecord): string {
  const result = record.outcome.result;
  const word = result.kind === "failed" ? failureLook(result.cause).word : "no answer";
  return word === "no answer" ? word : `no answer (${word})`;
}

// Copies of one delivery: the exact status matters (409 says "seen it").
function byStatus(record: ReplayRecord): Omit<Count, "n"> {
  const result = record.outcome.result;
  if (result.kind === "failed") {
    const words = noAnswerWords(record);
    return { key: words, rank: 1000, phrase: (n) => `${n} ${words}` };
  }
  return { key: String(result.status), rank: result.status, phrase: (n) => `${n} × ${result.status}` };
}

/** "answered 409", "got no answer (refused)", or "3 × 409, 1 no answer (timed out)" when they differ. */
function howTheyWent(records: ReplayRecord[]): { uniform: boolean; words: string } {
  const counts = countsOf(records, byStatus);
  const only = counts.length === 1 ? records[0] : undefined;
  if (only === undefined) return { uniform: false, words: listed(counts) };
  const result = only.outcome.result;
  return { uniform: true, words: result.kind === "answered" ? `answered ${result.status}` : `got ${noAnswerWords(only)}` };
}

/**
 * What an idempotency check's copies (one message id, sent at once) say. More
 * than one 2xx means the handler may have acted on the event more than once;
 * exactly one means it turned the others away. None says nothing either way.
 */
export function idempotencyVerdict(records: ReplayRecord[]): string {
  const total = records.length;
  const ok = records.filter(answered2xx).length;
  const dedupe = (times: number) => `your handler may have processed the event ${times} times: check it dedupes on the event key`;
  if (ok > 1) return `${ok === total ? `all ${total}` : `${ok} of ${total}`} answered 2xx — ${dedupe(ok)}`;
  const others = howTheyWent(records.filter((record) => !answered2xx(record)));
  if (ok === 1) return `1 of ${total} answered 2xx, the others${others.uniform ? " " : ": "}${others.words} — looks idempotent`;
  // Refused, unreachable or unsigned: the handler never got as far as deduplicating.
  return `none of the ${total} answered 2xx (${others.uniform ? `all ${others.words}` : others.words}) — nothing to judge: check the target and the signing secret`;
}
