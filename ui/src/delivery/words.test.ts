import { describe, expect, it } from "vitest";

import { countWords } from "../timeline/group-count";
import { describeGap } from "./gap";
import { describeResponse } from "./rejection";
import { describeRelation, relationWord, verdictLook } from "./verdict";

describe("gap words", () => {
  it("sets the gap against the schedule", () => {
    expect(describeGap({ gap_ms: null, gap: null })).toBeNull();
    expect(describeGap({ gap_ms: 5200, gap: null })).toBe("+5.2 s");
    expect(describeGap({ gap_ms: 5200, gap: { expected_ms: 5000, actual_ms: 5200, timing: "as_scheduled" } })).toBe(
      "+5.2 s, expected 5 s — as scheduled",
    );
    expect(describeGap({ gap_ms: 1000, gap: { expected_ms: 5000, actual_ms: 1000, timing: "early" } })).toBe("+1 s, expected 5 s — early");
    expect(describeGap({ gap_ms: 3_600_000, gap: { expected_ms: 300_000, actual_ms: 3_600_000, timing: "late" } })).toBe(
      "+1 h, expected 5 min — late",
    );
  });
});

describe("event counts", () => {
  it("counts attempts of one message, deliveries and duplicates of several", () => {
    expect(countWords({ deliveries: 1, messages: 1 })).toEqual({ count: "1 attempt", duplicates: null });
    expect(countWords({ deliveries: 3, messages: 1 })).toEqual({ count: "3 attempts", duplicates: null });
    expect(countWords({ deliveries: 2, messages: 2 })).toEqual({ count: "2 deliveries", duplicates: "1 duplicate" });
    expect(countWords({ deliveries: 7, messages: 3 })).toEqual({ count: "7 deliveries", duplicates: "2 duplicates" });
  });
});

describe("verdict and relation words", () => {
  it("always gives a word, and the JSON word as a code", () => {
    expect(verdictLook("no_secret")).toMatchObject({ word: "no secret", code: "no_secret", icon: "∅" });
    expect(verdictLook(null)).toMatchObject({ word: "not checked", code: "not_checked" });
  });

  it("describes how a delivery relates to earlier ones", () => {
    expect(relationWord({ relation: { kind: "original" }, attempt: 1 })).toBeNull();
    expect(relationWord({ relation: { kind: "retry", of: "D1" }, attempt: 4 })).toBe("attempt 4");
    expect(describeRelation({ kind: "replay", of: "D1" })).toBe("replay of D1");
    expect(describeRelation({ kind: "original" })).toBe("first delivery of this event");
  });

  it("describes an answer in full", () => {
    expect(describeResponse({ status: 200, delay_ms: 0, scripted: false, held: false }, null)).toBe("200");
    expect(describeResponse({ status: 429, delay_ms: 250, scripted: true, held: false }, null)).toBe("429, scripted, after a 250 ms delay");
    expect(describeResponse({ status: 413, delay_ms: 0, scripted: false, held: false }, "too_large")).toBe("413 rejected: too large");
  });
});
