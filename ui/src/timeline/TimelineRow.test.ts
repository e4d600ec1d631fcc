import { cleanup, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { DeliverySummary, VerificationStatus } from "../lib/ipc";
import { summary } from "../test/fake-core";
import TimelineRow from "./TimelineRow.svelte";

afterEach(cleanup);

function rowOf(overrides: Partial<DeliverySummary>) {
  render(TimelineRow, { row: summary(1, overrides), index: 0, selected: false });
  return {
    verdict: screen.getByTestId("row-verdict"),
    relation: screen.getByTestId("row-relation"),
  };
}

describe("TimelineRow badges", () => {
  const cases: Array<[VerificationStatus, string, string]> = [
    ["verified", "✓", "verified"],
    ["stale", "◔", "stale"],
    ["mismatch", "✗", "mismatch"],
    ["malformed", "⚠", "malformed"],
    ["unsigned", "—", "unsigned"],
    ["no_secret", "∅", "no secret"],
  ];

  it.each(cases)("shows %s as an icon and a word, with the JSON word in data-verdict", (status, icon, word) => {
    const { verdict } = rowOf({ verification: status });
    expect(verdict.textContent?.trim()).toBe(`${icon} ${word}`);
    expect(verdict.dataset.verdict).toBe(status);
  });

  it("says 'not checked' for a refused body, which has no verdict", () => {
    const { verdict } = rowOf({ verification: null, rejection: "too_large", status: 413 });
    expect(verdict.textContent).toContain("not checked");
    expect(verdict.dataset.verdict).toBe("not_checked");
  });

  it("marks retries with their attempt number", () => {
    const { relation } = rowOf({ relation: { kind: "retry", of: "D00000000" }, attempt: 2 });
    expect(relation.textContent).toBe("attempt 2");
  });

  it("marks duplicate events and replays", () => {
    expect(rowOf({ relation: { kind: "duplicate_event", of: "D0" } }).relation.textContent).toBe("duplicate");
    cleanup();
    expect(rowOf({ relation: { kind: "replay", of: "D0" } }).relation.textContent).toBe("replay");
  });

  it("leaves a first delivery's relation cell empty, but numbers one whose earlier attempts were missed", () => {
    expect(rowOf({}).relation.textContent).toBe("");
    cleanup();
    expect(rowOf({ attempt: 3 }).relation.textContent).toBe("attempt 3");
  });
});
