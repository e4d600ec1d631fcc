// Recognising Self's `verification.completed` event and saying what it means.
// The body comes from whoever posted it: any field can be missing or of
// another type, and new statuses may appear; each is shown for what it is.
import type { JsonNode, JsonTreeModel } from "./json-tree";

export const SELF_EVENT_TYPE = "verification.completed";

/** One field of the event as found in the body. */
export type SelfField =
  | { state: "missing" }
  /** A string, decoded. */
  | { state: "text"; value: string }
  /** Present but not a string (a number, null, an object…): its JSON as sent. */
  | { state: "odd"; literal: string };

export type SelfFieldName = "status" | "verification_id" | "external_uuid" | "environment" | "verified_at" | "storage_state";

export const SELF_FIELDS: readonly SelfFieldName[] = [
  "status",
  "verification_id",
  "external_uuid",
  "environment",
  "verified_at",
  "storage_state",
];

export type SelfEvent = Record<SelfFieldName, SelfField>;

/** What a status means, in Self's words, and what a handler usually does about it. */
export type StatusMeaning = { tone: "ok" | "warn" | "failed"; meaning: string; handling: string };

// The meanings follow Self's event catalog; the handling is the usual practice.
export const STATUS_MEANING: Record<string, StatusMeaning> = {
  valid: {
    tone: "ok",
    meaning: "The proof verified and all flow predicates passed: the green-light case.",
    handling: "Grant access, using the disclosed proof_attributes.",
  },
  invalid: {
    tone: "failed",
    meaning: "The proof verified but at least one predicate failed (e.g. the user is 16 and the flow requires 18).",
    handling: "Deny access and say which requirement was not met; the user may retry.",
  },
  error: {
    tone: "warn",
    meaning:
      "Verification failed for a technical reason (unsupported document, malformed proof, signature mismatch), not necessarily the user's fault.",
    handling: "Do not hold it against the user: let them retry the verification, or contact support if it keeps failing.",
  },
  expired: {
    tone: "warn",
    meaning: "The session expired before completion.",
    handling: "Ask the user to verify again (start a new session).",
  },
};

export const STORAGE_MEANING: Record<string, string> = {
  pending: "Storage had not committed when the event fired (the usual case); read the session later for the final state.",
  committed: "Stored: storage_uri says where.",
  failed: "The storage write failed.",
};

/** The meaning of a status, or a sentence saying it is not one Self documents. */
export function statusMeaning(status: SelfField): StatusMeaning {
  if (status.state === "text" && Object.hasOwn(STATUS_MEANING, status.value)) {
    return STATUS_MEANING[status.value] as StatusMeaning;
  }
  const shown = status.state === "missing" ? "No status" : `Status ${status.state === "text" ? JSON.stringify(status.value) : status.literal}`;
  return {
    tone: "warn",
    meaning: `${shown}: Self documents valid, invalid, error and expired.`,
    handling: "Treat it as not verified; check the sender and the provider's documentation.",
  };
}

/** Keys of the root object worth reading; a bigger root is not Self's event. */
const MAX_KEYS = 200;

function decodeKey(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}

function fieldOf(model: JsonTreeModel, node: JsonNode | undefined): SelfField {
  if (node === undefined) return { state: "missing" };
  if (node.type === "string") return { state: "text", value: model.copyText(node) };
  // Cut: an odd value can be anything, even a huge object.
  return { state: "odd", literal: model.literal(node, 200) + (node.end - node.start > 200 ? "…" : "") };
}

/** The event's fields, when the body is an object whose `type` is verification.completed. */
export function readSelfEvent(model: JsonTreeModel): SelfEvent | null {
  const root = model.root;
  if (root.type !== "object" || model.size(root) > MAX_KEYS) return null;
  const byKey = new Map<string, JsonNode>();
  for (const member of model.members(root, MAX_KEYS)) {
    const key = member.key === null ? null : decodeKey(member.key);
    // A repeated key: the last one wins, as in JSON.parse and most handlers' parsers.
    if (key !== null) byKey.set(key, member);
  }
  const type = byKey.get("type");
  if (type === undefined || type.type !== "string" || model.copyText(type) !== SELF_EVENT_TYPE) return null;
  const event = {} as SelfEvent;
  for (const name of SELF_FIELDS) event[name] = fieldOf(model, byKey.get(name));
  return event;
}
