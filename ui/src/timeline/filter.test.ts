import { describe, expect, it } from "vitest";

import { summary } from "../test/fake-core";
import {
  exactStatus,
  ignoredTerms,
  isFiltered,
  matchesFilter,
  needsCore,
  NO_FILTER,
  normalized,
  searchTerms,
  sinceChoice,
  statusLabel,
  toggledStatus,
} from "./filter";

describe("the timeline filter", () => {
  it("splits a search into words and quoted phrases, as the core does", () => {
    expect(searchTerms(' ver_1  "content-type: application/json" "open')).toEqual(["ver_1", "content-type: application/json", "open"]);
    expect(searchTerms("   ")).toEqual([]);
    expect(ignoredTerms("id ab msg_1 x")).toEqual(["id", "ab", "x"]);
  });

  it("tells a filter that hides something, and one only the core can check", () => {
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, search: "ab" })).toBe(false);
    expect(isFiltered({ ...NO_FILTER, search: "abc" })).toBe(true);
    expect(isFiltered({ ...NO_FILTER, duplicates_only: true })).toBe(true);
    expect(isFiltered({ ...NO_FILTER, since_ms: 0 })).toBe(true);
    expect(needsCore({ ...NO_FILTER, verdicts: ["stale"], statuses: [{ from: 200, to: 299 }] })).toBe(false);
    expect(needsCore({ ...NO_FILTER, search: "verification" })).toBe(true);
    expect(needsCore({ ...NO_FILTER, event_types: ["invoice.paid"] })).toBe(true);
  });

  it("matches a summary on verdict, status, duplicates and time", () => {
    const row = summary(1, { verification: "mismatch", status: 503, duplicate_of: null });
    const at = row.received_at_ms;
    expect(matchesFilter(NO_FILTER, row)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, verdicts: ["stale", "mismatch"] }, row)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, verdicts: ["stale"] }, row)).toBe(false);
    // A refused body has no verdict: only "all" shows it.
    expect(matchesFilter({ ...NO_FILTER, verdicts: ["stale"] }, { ...row, verification: null })).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, statuses: [{ from: 500, to: 599 }] }, row)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, statuses: [{ from: 200, to: 299 }, { from: 404, to: 404 }] }, row)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, duplicates_only: true }, row)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, duplicates_only: true }, { ...row, duplicate_of: "D0" })).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, since_ms: at, until_ms: at + 1 }, row)).toBe(true);
    expect(matchesFilter({ ...NO_FILTER, since_ms: at + 1 }, row)).toBe(false);
    expect(matchesFilter({ ...NO_FILTER, until_ms: at }, row)).toBe(false);
  });

  it("reads a saved filter from an older build or a damaged one as far as it can", () => {
    expect(normalized({ verdicts: ["stale"] })).toEqual({ ...NO_FILTER, verdicts: ["stale"] });
    expect(normalized(null)).toEqual(NO_FILTER);
    expect(normalized({ search: 7, since_ms: "x" } as never)).toEqual(NO_FILTER);
  });

  it("names, toggles and parses answer statuses", () => {
    expect(statusLabel({ from: 400, to: 499 })).toBe("4xx");
    expect(statusLabel({ from: 404, to: 404 })).toBe("404");
    expect(statusLabel({ from: 500, to: 504 })).toBe("500–504");
    const on = toggledStatus([], { from: 200, to: 299 });
    expect(on).toEqual([{ from: 200, to: 299 }]);
    expect(toggledStatus(on, { from: 200, to: 299 })).toEqual([]);
    expect(exactStatus(" 404 ")).toEqual({ from: 404, to: 404 });
    expect(exactStatus("4xx")).toBeNull();
    expect(exactStatus("999")).toBeNull();
  });

  it("turns a time choice into a start as of now", () => {
    expect(sinceChoice(3_600_000, 10_000_000)).toEqual({ since_ms: 6_400_000, until_ms: null });
    expect(sinceChoice(null, 10_000_000)).toEqual({ since_ms: null, until_ms: null });
  });
});
