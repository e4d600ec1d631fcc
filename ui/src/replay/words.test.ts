import { describe, expect, it } from "vitest";

import { headersToText, parseHeaderText } from "./headers-text";
import { describeMode, failureLook, statusLook } from "./words";

describe("replay words", () => {
  it("say how a replay was sent", () => {
    expect(describeMode({ kind: "as_captured" })).toBe("as captured");
    expect(describeMode({ kind: "resigned", new_message_id: false })).toBe("re-signed (same id)");
    expect(describeMode({ kind: "resigned", new_message_id: true })).toBe("re-signed (new id)");
    expect(describeMode({ kind: "edited", resign: false, new_message_id: false })).toBe("edited");
    expect(describeMode({ kind: "edited", resign: true, new_message_id: true })).toBe("edited, re-signed (new id)");
    expect(describeMode({ kind: "edited", resign: false, new_message_id: true })).toBe("edited, new id");
  });

  it("give every status and failure a word and an icon, not only a colour", () => {
    expect(statusLook(204)).toMatchObject({ icon: "✓", word: "success", tone: "ok" });
    expect(statusLook(302).word).toBe("redirect (not followed)");
    expect(statusLook(404)).toMatchObject({ icon: "✗", word: "client error" });
    expect(statusLook(503)).toMatchObject({ icon: "✗", word: "server error" });
    expect(statusLook(999).word).toBe("unusual status");
    expect(failureLook("timeout")).toMatchObject({ icon: "◔", word: "timed out" });
    expect(failureLook("dns").word).toBe("unknown host");
    // A cause added to the core later still reads as something.
    expect(failureLook("teapot" as never).word).toBe("no answer");
  });
});

describe("header text", () => {
  it("round-trips headers, keeping order and duplicates", () => {
    const headers: Array<[string, string]> = [
      ["set-cookie", "a=1"],
      ["x-time", "12:30:00"],
      ["set-cookie", "b=2"],
    ];
    expect(headersToText(headers)).toBe("set-cookie: a=1\nx-time: 12:30:00\nset-cookie: b=2");
    expect(parseHeaderText(headersToText(headers))).toEqual({ headers });
  });

  it("skips blank lines, trims around the value, accepts an empty value and CRLF", () => {
    expect(parseHeaderText("a: 1\r\n\r\n  b :  two words  \nc:")).toEqual({
      headers: [
        ["a", "1"],
        ["b", "two words"],
        ["c", ""],
      ],
    });
    expect(parseHeaderText("")).toEqual({ headers: [] });
  });

  it("names the line that is not a header", () => {
    expect(parseHeaderText("a: 1\nno colon here")).toEqual({ error: 'Line 2 is not a header: write each one as "name: value".' });
    expect(parseHeaderText(": value")).toHaveProperty("error");
    expect(parseHeaderText("two words: value")).toHaveProperty("error");
  });
});
