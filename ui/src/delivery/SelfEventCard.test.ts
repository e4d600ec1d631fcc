import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import { mockClipboard } from "../test/clipboard";
import { settle } from "../test/fake-core";
import { JsonTreeModel } from "./json-tree";
import { readSelfEvent, SELF_FIELDS, STATUS_MEANING } from "./self-event";
import SelfEventCard from "./SelfEventCard.svelte";

afterEach(cleanup);

/** Self's documented example (src-tauri/core/tests/fixtures/self-verification-completed.json). */
const EXAMPLE = {
  type: "verification.completed",
  verification_id: "7f3b2a1e-9c4d-4b2a-8e1f-2c6d5a4b3c2d",
  external_uuid: "a1b2c3d4-5678-4e9a-b012-3456789abcde",
  flow_id: "9c0b4f1c-1d6c-4f1b-a8c4-9f0fa0a8d9e2",
  flow_version_id: "b1e2c3d4-5678-4abc-9def-0123456789ab",
  environment: "test",
  status: "valid",
  proof_attributes: { age_gte_18: true, country_allowed: true, ofac_clear: true },
  proof: { protocol: "groth16", curve: "bn128" },
  verified_at: "2026-05-29T17:33:21.412Z",
  storage_state: "pending",
  storage_uri: null,
};

function read(body: string) {
  return readSelfEvent(new JsonTreeModel(body));
}

function show(body: object | string) {
  const event = read(typeof body === "string" ? body : JSON.stringify(body));
  if (event === null) throw new Error("not read as Self's event");
  return render(SelfEventCard, { event });
}

const field = (name: string) => screen.getByTestId(`self-field-${name}`);

describe("readSelfEvent", () => {
  it("reads the fields of Self's example", () => {
    const event = read(JSON.stringify(EXAMPLE));
    expect(event).toEqual({
      status: { state: "text", value: "valid" },
      verification_id: { state: "text", value: EXAMPLE.verification_id },
      external_uuid: { state: "text", value: EXAMPLE.external_uuid },
      environment: { state: "text", value: "test" },
      verified_at: { state: "text", value: EXAMPLE.verified_at },
      storage_state: { state: "text", value: "pending" },
    });
  });

  it("recognises only an object whose type is verification.completed", () => {
    expect(read(JSON.stringify({ ...EXAMPLE, type: "verification.storage_committed" }))).toBeNull();
    expect(read(JSON.stringify({ ...EXAMPLE, type: 7 }))).toBeNull();
    const { type: _type, ...untyped } = EXAMPLE;
    expect(read(JSON.stringify(untyped))).toBeNull();
    expect(read(JSON.stringify([EXAMPLE]))).toBeNull();
    expect(read('"verification.completed"')).toBeNull();
  });

  it("decodes escapes and takes the last of a repeated key, as JSON.parse does", () => {
    const event = read('{"type":"verification.\\u0063ompleted","status":"invalid","status":"expired"}');
    expect(event?.status).toEqual({ state: "text", value: "expired" });
    expect(event?.verification_id).toEqual({ state: "missing" });
  });
});

describe("SelfEventCard", () => {
  it.each(Object.keys(STATUS_MEANING))("says what status %s means and how it is usually handled", (status) => {
    show({ ...EXAMPLE, status });
    expect(screen.getByTestId("self-status").textContent?.trim()).toBe(status);
    expect(screen.getByTestId("self-status").dataset.status).toBe(status);
    expect(screen.getByTestId("self-status-meaning").textContent).toBe(STATUS_MEANING[status]?.meaning);
    expect(screen.getByTestId("self-status-handling").textContent).toContain(STATUS_MEANING[status]?.handling);
  });

  it("words each status the way the provider does", () => {
    expect(STATUS_MEANING.valid?.meaning).toContain("all flow predicates passed");
    expect(STATUS_MEANING.valid?.handling).toMatch(/^Grant access/);
    expect(STATUS_MEANING.invalid?.meaning).toContain("at least one predicate failed");
    expect(STATUS_MEANING.invalid?.handling).toMatch(/^Deny access.*may retry/);
    expect(STATUS_MEANING.error?.meaning).toContain("technical reason");
    expect(STATUS_MEANING.error?.handling).toMatch(/retry the verification.*contact support/);
    expect(STATUS_MEANING.expired?.meaning).toBe("The session expired before completion.");
    expect(STATUS_MEANING.expired?.handling).toMatch(/^Ask the user to verify again/);
  });

  it("shows each field with a copy button that copies its value", async () => {
    const written = mockClipboard();
    show(EXAMPLE);
    expect(within(field("verification_id")).getByTestId("self-value").textContent).toBe(EXAMPLE.verification_id);
    expect(within(field("external_uuid")).getByTestId("self-value").textContent).toBe(EXAMPLE.external_uuid);
    expect(field("environment").textContent).toContain("test");
    expect(field("verified_at").textContent).toContain("2026-05-29T17:33:21.412Z");
    expect(field("verified_at").textContent).toMatch(/\(2026-05-\d\d \d\d:\d\d:21\.412 \(UTC/);
    expect(field("storage_state").textContent).toContain("read the session later");
    for (const name of SELF_FIELDS.filter((n) => n !== "status")) {
      await fireEvent.click(screen.getByTestId(`self-copy-${name}`));
    }
    await fireEvent.click(screen.getByTestId("self-copy-status"));
    await settle();
    expect(written).toEqual([EXAMPLE.verification_id, EXAMPLE.external_uuid, "test", EXAMPLE.verified_at, "pending", "valid"]);
  });

  it("says which fields are missing, without failing", () => {
    show({ type: "verification.completed", verification_id: "v-1" });
    expect(screen.getByTestId("self-status").textContent?.trim()).toBe("no status");
    expect(screen.getByTestId("self-status-meaning").textContent).toBe("No status: Self documents valid, invalid, error and expired.");
    expect(screen.queryByTestId("self-copy-status")).toBeNull();
    for (const name of ["external_uuid", "environment", "verified_at", "storage_state"]) {
      expect(field(name).dataset.state).toBe("missing");
      expect(field(name).textContent?.trim()).toBe("missing");
      expect(screen.queryByTestId(`self-copy-${name}`)).toBeNull();
    }
    expect(within(field("verification_id")).getByTestId("self-value").textContent).toBe("v-1");
  });

  it("shows odd values for what they are", () => {
    const view = show({
      type: "verification.completed",
      status: "pending_review",
      verification_id: 42,
      external_uuid: null,
      environment: "staging",
      verified_at: "yesterday",
      storage_state: { nested: ["<b>x</b>"] },
    });
    expect(screen.getByTestId("self-status-meaning").textContent).toBe('Status "pending_review": Self documents valid, invalid, error and expired.');
    expect(field("verification_id").textContent).toContain("42");
    expect(field("verification_id").textContent).toContain("(not a string)");
    expect(field("external_uuid").textContent).toContain("null");
    expect(field("environment").textContent).toContain("Self sends test or live");
    expect(field("verified_at").textContent).toContain("not an ISO-8601 time");
    expect(field("storage_state").textContent).toContain('{"nested":["<b>x</b>"]}');
    expect(view.container.querySelector("b")).toBeNull();
  });
});
