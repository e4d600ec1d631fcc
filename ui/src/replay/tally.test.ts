import { describe, expect, it } from "vitest";

import type { ReplayResult } from "../lib/ipc";
import { answered, failed, replayRecord } from "../test/fake-core";
import { describeBatch, idempotencyVerdict } from "./tally";

const records = (...results: ReplayResult[]) => results.map((result, i) => replayRecord(i + 1, { result }));
const status = (code: number) => answered({ status: code });

describe("describeBatch", () => {
  it("counts answers by status class and failures together, 2xx first", () => {
    expect(describeBatch(records(failed(), status(200), status(503), status(204), status(404), failed("x", "timeout")))).toBe(
      "6 replayed: 2 × 2xx, 1 × 4xx, 1 × 5xx, 2 failed",
    );
    expect(describeBatch(records(status(200), status(201), failed(), status(202), status(200)))).toBe("5 replayed: 4 × 2xx, 1 failed");
    expect(describeBatch(records(status(302), status(999)))).toBe("2 replayed: 1 × 3xx, 1 × 999");
    expect(describeBatch([])).toBe("nothing replayed");
  });
});

describe("idempotencyVerdict", () => {
  it("warns when every copy was taken", () => {
    expect(idempotencyVerdict(records(status(200), status(200), status(204), status(200), status(200)))).toBe(
      "all 5 answered 2xx — your handler may have processed the event 5 times: check it dedupes on the event key",
    );
  });

  it("warns when more than one copy was taken", () => {
    expect(idempotencyVerdict(records(status(200), status(409), status(200)))).toBe(
      "2 of 3 answered 2xx — your handler may have processed the event 2 times: check it dedupes on the event key",
    );
  });

  it("calls one 2xx and the rest turned away idempotent, saying what the rest got", () => {
    expect(idempotencyVerdict(records(status(409), status(200), status(409), status(409)))).toBe(
      "1 of 4 answered 2xx, the others answered 409 — looks idempotent",
    );
    expect(idempotencyVerdict(records(status(200), failed("slow", "timeout"), failed("slow", "timeout")))).toBe(
      "1 of 3 answered 2xx, the others got no answer (timed out) — looks idempotent",
    );
    expect(idempotencyVerdict(records(status(200), status(500), status(409), status(409), failed()))).toBe(
      "1 of 5 answered 2xx, the others: 2 × 409, 1 × 500, 1 no answer (refused) — looks idempotent",
    );
  });

  it("judges nothing when no copy was taken", () => {
    expect(idempotencyVerdict(records(status(401), status(401)))).toBe(
      "none of the 2 answered 2xx (all answered 401) — nothing to judge: check the target and the signing secret",
    );
    expect(idempotencyVerdict(records(failed(), status(401)))).toBe(
      "none of the 2 answered 2xx (1 × 401, 1 no answer (refused)) — nothing to judge: check the target and the signing secret",
    );
  });
});
