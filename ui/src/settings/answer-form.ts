// The answers form as typed (all text) and as the core takes it (numbers or
// null). Numbers are checked here only for being numbers, and headers for
// being `Name: value` lines; ranges and the delay and script syntax are the
// core's to judge, and it says what is wrong.
import type { AnswerForm } from "../lib/ipc";
import { headersToText, parseHeaderText } from "../replay/headers-text";

export type AnswerDraft = {
  status: string;
  delay: string;
  /** The answer body, as typed; blank answers Hookscope's own `{"id": …}`. */
  body: string;
  /** Extra answer headers, one `Name: value` per line. */
  headers: string;
  script: string;
  failNext: string;
  failStatus: string;
};

export function draftOf(form: AnswerForm): AnswerDraft {
  const text = (value: number | null) => (value === null ? "" : String(value));
  return {
    status: text(form.status),
    delay: form.delay,
    // The core sends null for none.
    body: form.body ?? "",
    headers: form.headers ?? "",
    script: form.script,
    failNext: text(form.fail_next),
    failStatus: text(form.fail_status),
  };
}

export function sameDraft(a: AnswerDraft, b: AnswerDraft): boolean {
  return (
    a.status === b.status &&
    a.delay === b.delay &&
    a.body === b.body &&
    a.headers === b.headers &&
    a.script === b.script &&
    a.failNext === b.failNext &&
    a.failStatus === b.failStatus
  );
}

/** The form to send, or the sentence saying which field is not a number. */
export function formOf(draft: AnswerDraft): { form: AnswerForm } | { error: string } {
  const status = wholeNumber(draft.status);
  if (status === undefined) return { error: "Status must be a number like 503 (blank answers 200)." };
  const failNext = wholeNumber(draft.failNext);
  if (failNext === undefined) return { error: "“Fail next” must be a number of deliveries." };
  const failStatus = wholeNumber(draft.failStatus);
  if (failStatus === undefined) return { error: "The status to fail with must be a number like 503." };
  const headers = parseHeaderText(draft.headers);
  if ("error" in headers) return { error: `Answer headers: ${headers.error}` };
  return {
    form: {
      status,
      delay: draft.delay.trim(),
      // Sent as typed: whitespace in a body can be the point of the test.
      body: draft.body,
      headers: headersToText(headers.headers),
      script: draft.script.trim(),
      fail_next: failNext,
      fail_status: failStatus,
    },
  };
}

/** null for blank, undefined when it is not a whole number. */
function wholeNumber(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : undefined;
}
