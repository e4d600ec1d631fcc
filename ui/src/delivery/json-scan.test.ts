import { describe, expect, it } from "vitest";

import { countMembers, findJsonProblem, valueEnd } from "./json-scan";

const VALID = [
  "0",
  "-0",
  "12345678901234567890",
  "-1.5e+10",
  "1E-2",
  "0.25",
  "true",
  "false",
  "null",
  '""',
  '"caf\\u00e9 \\" \\\\ \\/ \\b\\f\\n\\r\\t"',
  '"\u{1F600} unicode as is"',
  "[]",
  "{}",
  " \t\r\n[1, [2, [3]], {\"a\": {\"b\": []}}] \n",
  '{"a":1,"a":2}',
  '{"":""}',
  '[{"k": [true, false, null, -3.0e5, "]}"]}]',
];

const INVALID = [
  "",
  "   ",
  "{",
  "[1,]",
  "[,1]",
  '{"a":1,}',
  '{"a" 1}',
  "{a:1}",
  "{'a':1}",
  "01",
  "1.",
  ".5",
  "-",
  "1e",
  "+1",
  "tru",
  "nul",
  "True",
  "NaN",
  "[1 2]",
  '"unterminated',
  '"bad \\x escape"',
  '"bad \\u12g4"',
  '"raw\ttab"',
  '"line\nbreak"',
  "[1]]",
  "{}{}",
  "1 2",
  "\uFEFF{}",
  "[1,\n2,\n3",
  "// comment\n{}",
];

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("findJsonProblem", () => {
  it("accepts exactly what JSON.parse accepts", () => {
    for (const text of VALID) {
      expect(parses(text), text).toBe(true);
      expect(findJsonProblem(text), text).toBeNull();
    }
    for (const text of INVALID) {
      expect(parses(text), text).toBe(false);
      expect(findJsonProblem(text), text).not.toBeNull();
    }
  });

  it("says where the text goes wrong, by line and column", () => {
    expect(findJsonProblem('{\n  "a": 1,\n  "b": tru\n}')).toEqual({
      offset: 19,
      line: 3,
      column: 8,
      message: "a value was expected",
    });
    expect(findJsonProblem("[1,]")).toMatchObject({ line: 1, column: 4, message: "a value was expected" });
    expect(findJsonProblem('{"a":1} x')).toMatchObject({ column: 9, message: "unexpected text after the end of the JSON value" });
    expect(findJsonProblem("[1,\n2")).toMatchObject({ line: 2, column: 2, message: "the text ends before the JSON value does" });
    expect(findJsonProblem('{"a":"x\ny"}')?.message).toBe("control character inside a string (it must be escaped)");
  });

  it("checks 100,000 levels of nesting without recursion, whatever the engine", () => {
    const depth = 100_000;
    const deep = "[".repeat(depth) + "0" + "]".repeat(depth);
    expect(findJsonProblem(deep)).toBeNull();
    const objects = '{"a":'.repeat(depth) + "null" + "}".repeat(depth);
    expect(findJsonProblem(objects)).toBeNull();
    const unbalanced = "[".repeat(depth) + "]".repeat(depth - 1);
    expect(findJsonProblem(unbalanced)).toMatchObject({ offset: 2 * depth - 1, message: "the text ends before the JSON value does" });
  });
});

describe("scanning checked JSON", () => {
  it("finds where a value ends, skipping brackets and escaped quotes inside strings", () => {
    const text = '{"a":"x\\"]}","b":[1,{"c":"}"}]} tail';
    expect(valueEnd(text, 0)).toBe(text.indexOf(" tail"));
    expect(valueEnd('"a\\\\" rest', 0)).toBe(5);
    expect(valueEnd("-12.5e3,", 0)).toBe(7);
    expect(valueEnd("true]", 0)).toBe(4);
  });

  it("counts the members of an object or array, not those nested deeper", () => {
    expect(countMembers('[1, [2, 3], {"a": [4, 5]}, "x,y"]', 0)).toBe(4);
    expect(countMembers('{"a": 1, "b": {"c": 2, "d": 3}}', 0)).toBe(2);
    expect(countMembers("[ ]", 0)).toBe(0);
    expect(countMembers("{\n}", 0)).toBe(0);
    expect(countMembers("[[]]", 0)).toBe(1);
  });
});
