// The pure parts of export and import: scopes, the suggested file name, the
// redaction fields, and the sentences shown.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { NO_FILTER } from "../timeline/filter";
import { suggestedFileName } from "./file-name";
import { headerNames, jsonPaths, redactionOptions, SELF_PERSONAL_DATA } from "./redaction";
import { defaultScope, exportScope, localMs, scopeAvailable, windowProblem, type ScopeSources } from "./scope";
import { deliveries, exportResultLines, fileName, importProgressLine, importResultLine, rejectedLine } from "./words";

// Local times are read in a zone with an offset, so a mix-up with UTC shows.
beforeAll(() => {
  vi.stubEnv("TZ", "America/New_York");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const mismatches = { ...NO_FILTER, verdicts: ["mismatch" as const] };
const none: ScopeSources = { filter: NO_FILTER, picked: [], openId: null };
const window0 = { since: "", until: "" };

describe("export scope", () => {
  it("everything stored is no filter and no ids, whatever the window shows", () => {
    const sources: ScopeSources = { filter: mismatches, picked: ["D2"], openId: "D1" };
    expect(exportScope("all", sources, window0)).toEqual({ filter: NO_FILTER, ids: [] });
  });

  it("the filter scope is the timeline's filter as it is", () => {
    const filter = { ...NO_FILTER, search: "invoice", statuses: [{ from: 500, to: 599 }] };
    expect(exportScope("filter", { ...none, filter }, window0)).toEqual({ filter, ids: [] });
  });

  it("the selection is the picked rows in timeline order, else the open delivery", () => {
    expect(exportScope("selection", { filter: mismatches, picked: ["D5", "D2"], openId: "D9" }, window0)).toEqual({
      filter: NO_FILTER,
      ids: ["D5", "D2"],
    });
    expect(exportScope("selection", { ...none, openId: "D9" }, window0)).toEqual({ filter: NO_FILTER, ids: ["D9"] });
  });

  it("a time window is since/until in local time, an empty end left open", () => {
    // 14:30 in New York on 2 January is 19:30 UTC.
    expect(exportScope("window", none, { since: "2025-01-02T14:30", until: "" })).toEqual({
      filter: { ...NO_FILTER, since_ms: Date.UTC(2025, 0, 2, 19, 30), until_ms: null },
      ids: [],
    });
    expect(exportScope("window", none, { since: "", until: "2025-07-01T00:00:15.5" }).filter).toEqual({
      ...NO_FILTER,
      until_ms: Date.UTC(2025, 6, 1, 4, 0, 15, 500),
    });
  });

  it("offers the filter only while one is set, the selection only while something is picked or open", () => {
    expect(scopeAvailable("filter", none)).toBe(false);
    expect(scopeAvailable("filter", { ...none, filter: { ...NO_FILTER, search: "ab" } })).toBe(false);
    expect(scopeAvailable("filter", { ...none, filter: { ...NO_FILTER, search: "abc" } })).toBe(true);
    expect(scopeAvailable("selection", none)).toBe(false);
    expect(scopeAvailable("selection", { ...none, openId: "D1" })).toBe(true);
    expect(scopeAvailable("all", none) && scopeAvailable("window", none)).toBe(true);
  });

  it("starts from the picks, else the filter, else everything", () => {
    expect(defaultScope({ filter: mismatches, picked: ["D1"], openId: null })).toBe("selection");
    expect(defaultScope({ filter: mismatches, picked: [], openId: "D1" })).toBe("filter");
    expect(defaultScope({ ...none, openId: "D1" })).toBe("all");
  });

  it("reads only real dates and times, and says what is wrong with a window", () => {
    expect(localMs("")).toBeNull();
    expect(localMs("2025-02-30T10:00")).toBeNull();
    expect(localMs("2025-01-02T24:00")).toBeNull();
    expect(localMs("2025-01-02 10:00")).toBeNull();
    expect(windowProblem({ since: "2025-01-02T10:00", until: "" })).toBeNull();
    expect(windowProblem({ since: "2025-01-02T10:00", until: "2025-01-02T10:00" })).toBe("The end is not after the start.");
    expect(windowProblem({ since: "2025-13-02T10:00", until: "" })).toBe("The start is not a date and time.");
    expect(windowProblem({ since: "", until: "soon" })).toBe("The end is not a date and time.");
  });
});

describe("the suggested file name", () => {
  it("is hookscope-date-time in local time with the format's extension", () => {
    const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 59));
    // 22:04 the day before in New York.
    expect(suggestedFileName("ndjson", at)).toBe("hookscope-2025-01-01-2204.ndjson");
    expect(suggestedFileName("har", new Date(Date.UTC(2025, 10, 26, 14, 3)))).toBe("hookscope-2025-11-26-0903.har");
  });
});

describe("redaction fields", () => {
  it("splits header names on commas and spaces, once each whatever the case", () => {
    expect(headerNames(" authorization, cookie x-api-key,,\tX-Signature  Cookie ")).toEqual([
      "authorization",
      "cookie",
      "x-api-key",
      "X-Signature",
    ]);
    expect(headerNames("  , ")).toEqual([]);
  });

  it("takes one JSON path per line, trimmed, blank lines left out", () => {
    expect(jsonPaths("data.email\r\n\n  items.*.token \ndata.email\n")).toEqual(["data.email", "items.*.token"]);
  });

  it("adds the Self personal data paths once when the preset is on", () => {
    expect(redactionOptions("authorization", "proof\ndata.email", true)).toEqual({
      headers: ["authorization"],
      json_paths: ["proof", "data.email", "external_uuid", "proof_attributes.*"],
    });
    expect(redactionOptions("", "", false)).toEqual({ headers: [], json_paths: [] });
    expect(SELF_PERSONAL_DATA).toEqual(["proof", "external_uuid", "proof_attributes.*"]);
  });
});

describe("the dialogs' sentences", () => {
  it("counts deliveries with grouping and the singular", () => {
    expect(deliveries(1234)).toBe("1,234 deliveries");
    expect(deliveries(1)).toBe("1 delivery");
    expect(deliveries(0)).toBe("0 deliveries");
  });

  it("says what an export wrote, and what it left out only when it did", () => {
    const summary = { format: "ndjson" as const, count: 1234, redacted_bodies: 0, secrets_removed: 0, bytes: 1536 };
    expect(exportResultLines(summary, "/tmp/a.ndjson")).toEqual(["Exported 1,234 deliveries (1.5 KiB) to /tmp/a.ndjson"]);
    expect(exportResultLines({ ...summary, count: 1, redacted_bodies: 1, secrets_removed: 1 }, "/a.har")).toEqual([
      "Exported 1 delivery (1.5 KiB) to /a.har",
      "1 body redacted — its signature no longer matches",
      "1 secret occurrence removed",
    ]);
    expect(exportResultLines({ ...summary, redacted_bodies: 12, secrets_removed: 3 }, "/a").slice(1)).toEqual([
      "12 bodies redacted — their signatures no longer match",
      "3 secret occurrences removed",
    ]);
  });

  it("says what an import did and which lines it skipped", () => {
    const summary = { file: "log.ndjson", format: "ndjson" as const, added: 1200, skipped: 3, rejected: 1, errors: [] };
    expect(importResultLine(summary)).toBe("Imported 1,200 deliveries from log.ndjson (3 already present, 1 rejected)");
    expect(importProgressLine({ added: 5, skipped: 1000 })).toBe("5 added, 1,000 already present");
    expect(rejectedLine({ at: "line 4", message: "expected value at line 1 column 1" })).toBe(
      "line 4: expected value at line 1 column 1",
    );
    expect(fileName("/home/dev/logs/a.har")).toBe("a.har");
    expect(fileName("C:\\logs\\b.ndjson")).toBe("b.ndjson");
  });
});
