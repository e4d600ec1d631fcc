import { describe, expect, it } from "vitest";

import { describeSkew, formatDuration } from "./duration";
import { formatBytesExact, formatSize } from "./size";
import { formatClock, formatDateTime } from "./time";

describe("formatSize", () => {
  it("uses binary units", () => {
    expect(formatSize(0)).toBe("0 B");
    expect(formatSize(1023)).toBe("1023 B");
    expect(formatSize(1024)).toBe("1 KiB");
    expect(formatSize(1536)).toBe("1.5 KiB");
    expect(formatSize(10 * 1024 * 1024)).toBe("10 MiB");
    expect(formatSize(300 * 1024 * 1024)).toBe("300 MiB");
    expect(formatSize(5 * 1024 ** 3)).toBe("5 GiB");
  });

  it("writes exact counts grouped", () => {
    expect(formatBytesExact(1536)).toBe("1,536 bytes");
    expect(formatBytesExact(1)).toBe("1 byte");
  });
});

describe("time formatting", () => {
  it("shows local HH:MM:SS.mmm", () => {
    const ms = new Date(2025, 0, 2, 3, 4, 5, 6).getTime();
    expect(formatClock(ms)).toBe("03:04:05.006");
    expect(formatDateTime(ms)).toMatch(/^2025-01-02 03:04:05\.006 \(UTC[+-]\d\d:\d\d\)$/);
  });
});

describe("durations", () => {
  it("uses the unit a person would say", () => {
    expect(formatDuration(250)).toBe("250 ms");
    expect(formatDuration(5000)).toBe("5 s");
    expect(formatDuration(5200)).toBe("5.2 s");
    expect(formatDuration(300_000)).toBe("5 min");
    expect(formatDuration(90 * 60_000)).toBe("1.5 h");
    expect(formatDuration(2 * 86_400_000)).toBe("2 d");
    expect(describeSkew(3)).toBe("received 3 s after it was signed");
    expect(describeSkew(600)).toBe("received 10 min after it was signed");
    expect(describeSkew(-4)).toBe("received 4 s before its signed time (the sender's clock is ahead)");
    expect(describeSkew(0)).toBe("received the second it was signed");
  });
});
