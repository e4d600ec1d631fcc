import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import type { SecretsView } from "../lib/ipc";
import { ForwardStore } from "../replay/forward.svelte";
import { DowntimeStore } from "../tunnel/downtime.svelte";
import { TunnelStore } from "../tunnel/tunnel.svelte";
import { bannerFor, clearMocks, emit, emptyAnswers, fakeCore, noSecrets, settle } from "../test/fake-core";
import AnswerBanner from "./AnswerBanner.svelte";
import { draftOf, formOf } from "./answer-form";
import { AnswersStore } from "./answers.svelte";
import { SecretsStore } from "./secrets.svelte";
import SettingsPanel from "./SettingsPanel.svelte";

// Stores that listen to core events, stopped after each test.
const listening: Array<{ dispose(): void }> = [];

afterEach(() => {
  cleanup();
  for (const store of listening.splice(0)) store.dispose();
  clearMocks();
});

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const withOne = (): SecretsView => ({
  storage: { kind: "keyring", location: "hookscope/signing-secrets" },
  secrets: [{ label: "current", scheme: "stripe", path_prefix: "/webhooks/stripe", masked: "whsec_…Sw" }],
  tolerance_seconds: 300,
});

async function openSettings(options: Parameters<typeof fakeCore>[0] = {}) {
  const core = fakeCore(options);
  const secrets = new SecretsStore();
  const answers = new AnswersStore();
  await answers.init();
  const forward = new ForwardStore();
  const tunnel = new TunnelStore();
  await tunnel.init();
  const downtime = new DowntimeStore();
  await downtime.init();
  listening.push(answers, tunnel, downtime);
  let closed = 0;
  render(SettingsPanel, { secrets, answers, forward, tunnel, downtime, onclose: () => closed++ });
  await settle();
  return { core, secrets, answers, tunnel, closed: () => closed };
}

const input = (id: string) => screen.getByTestId<HTMLInputElement>(id);

describe("Signing secrets", () => {
  it("lists each secret with its label, scheme, path prefix and masked value only, and where they are stored", async () => {
    const { core } = await openSettings({ secrets: withOne() });
    expect(core.callsTo("secrets")).toHaveLength(1);
    const [row] = screen.getAllByTestId("secret-row");
    expect(row?.textContent).toContain("current");
    expect(row?.textContent).toContain("Stripe");
    expect(row?.textContent).toContain("/webhooks/stripe");
    expect(row?.querySelector("[data-testid=secret-masked]")?.textContent).toBe("whsec_…Sw");
    expect(screen.getByTestId("secrets-storage").textContent).toBe("Stored in the OS keyring (hookscope/signing-secrets)");
    expect(input("tolerance-input").value).toBe("300");
  });

  it("says where a file vault is", async () => {
    await openSettings({ secrets: noSecrets() });
    expect(screen.getByTestId("secrets-storage").textContent).toBe(
      "Stored in a file (mode 0600) at /home/dev/.local/share/hookscope/secrets.json",
    );
  });

  it("adds a secret with the defaults, clears the value at once and shows only the masked form", async () => {
    const { core, secrets } = await openSettings();
    expect(input("secret-label").value).toBe("current");
    expect(screen.getByTestId<HTMLSelectElement>("secret-scheme").value).toBe("standard_webhooks");
    expect(input("secret-value").type).toBe("password");

    await fireEvent.input(input("secret-value"), { target: { value: SECRET } });
    await fireEvent.input(input("secret-path"), { target: { value: "/hooks" } });
    await fireEvent.click(screen.getByTestId("secret-add"));
    await settle();

    expect(core.callsTo("add_secret")).toEqual([
      { secret: { label: "current", scheme: "standard_webhooks", value: SECRET, path_prefix: "/hooks" } },
    ]);
    expect(input("secret-value").value).toBe("");
    expect(input("secret-path").value).toBe("");
    expect(screen.getByTestId("secret-row").textContent).toContain("whsec_…Sw");
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(JSON.stringify(secrets.view)).not.toContain(SECRET);
  });

  it("shows the core's reason for refusing a secret beside the form, and keeps no copy of the value", async () => {
    const { secrets } = await openSettings({
      onAddSecret: () => {
        throw { code: "invalid_input", message: "the secret is not valid base64 after 'whsec_'" };
      },
    });
    await fireEvent.change(screen.getByTestId("secret-scheme"), { target: { value: "github" } });
    await fireEvent.input(input("secret-value"), { target: { value: "whsec_!!not-base64!!" } });
    await fireEvent.click(screen.getByTestId("secret-add"));
    await settle();

    const error = screen.getByTestId("secret-error");
    expect(error.textContent).toBe("the secret is not valid base64 after 'whsec_'");
    expect(input("secret-value").value).toBe("");
    expect(input("secret-value").getAttribute("aria-invalid")).toBe("true");
    expect(document.body.innerHTML).not.toContain("!!not-base64!!");
    expect(JSON.stringify({ view: secrets.view, error: secrets.addError })).not.toContain("!!not-base64!!");
    expect(screen.queryAllByTestId("secret-row")).toHaveLength(0);
  });

  it("asks for a value before calling the core", async () => {
    const { core } = await openSettings();
    await fireEvent.click(screen.getByTestId("secret-add"));
    await settle();
    expect(core.callsTo("add_secret")).toEqual([]);
    expect(screen.getByTestId("secret-error").textContent).toContain("Paste the secret");
  });

  it("removes a secret and sets the tolerance", async () => {
    const { core } = await openSettings({ secrets: withOne() });
    await fireEvent.click(screen.getByTestId("secret-remove"));
    await settle();
    expect(core.callsTo("remove_secret")).toEqual([{ label: "current" }]);
    expect(screen.queryAllByTestId("secret-row")).toHaveLength(0);

    await fireEvent.input(input("tolerance-input"), { target: { value: "600" } });
    await fireEvent.submit(input("tolerance-input").form!);
    await settle();
    expect(core.callsTo("set_tolerance")).toEqual([{ seconds: 600 }]);
    expect(input("tolerance-input").value).toBe("600");
  });

  it("closes with the Close button and with Escape", async () => {
    const { closed } = await openSettings();
    expect(screen.getByTestId("settings-panel").getAttribute("role")).toBe("dialog");
    await fireEvent.click(screen.getByTestId("settings-close"));
    await fireEvent.keyDown(screen.getByTestId("settings-panel"), { key: "Escape" });
    expect(closed()).toBe(2);
  });
});

describe("Answers", () => {
  it("sends the form as typed, blanks as null", async () => {
    const { core } = await openSettings();
    await fireEvent.input(input("answer-status"), { target: { value: "503" } });
    await fireEvent.input(input("answer-delay"), { target: { value: "2s" } });
    await fireEvent.input(input("answer-fail-next"), { target: { value: "3" } });
    await fireEvent.input(input("answer-fail-status"), { target: { value: "429" } });
    await fireEvent.input(input("answer-script"), { target: { value: " 503,timeout,200 " } });
    await fireEvent.click(screen.getByTestId("answers-apply"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([
      { form: { status: 503, delay: "2s", body: "", headers: "", script: "503,timeout,200", fail_next: 3, fail_status: 429 } },
    ]);
    expect(screen.queryByTestId("answers-error")).toBeNull();
  });

  it("sends the answer body as typed and the headers one per line, and shows them back from the core", async () => {
    const { core } = await openSettings();
    const body = '  {"ok": false}\n';
    await fireEvent.input(input("answer-status"), { target: { value: "429" } });
    await fireEvent.input(screen.getByTestId("answer-body"), { target: { value: body } });
    await fireEvent.input(screen.getByTestId("answer-headers"), { target: { value: "Retry-After:30\n\n  X-Handler: test  \n" } });
    await fireEvent.click(screen.getByTestId("answers-apply"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([
      { form: { ...emptyAnswers(), status: 429, body, headers: "Retry-After: 30\nX-Handler: test" } },
    ]);
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-body").value).toBe(body);
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-headers").value).toBe("Retry-After: 30\nX-Handler: test");
  });

  it("fills body and headers from the core, null as blank", async () => {
    const form = { ...emptyAnswers(), body: "nope", headers: "Retry-After: 30" };
    await openSettings({ answers: { form, banner: bannerFor(form) } });
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-body").value).toBe("nope");
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-headers").value).toBe("Retry-After: 30");
    cleanup();
    // The core writes absent fields as null.
    const fromCore = { ...emptyAnswers(), body: null, headers: null } as unknown as ReturnType<typeof emptyAnswers>;
    await openSettings({ answers: { form: fromCore, banner: null } });
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-body").value).toBe("");
    expect(screen.getByTestId<HTMLTextAreaElement>("answer-headers").value).toBe("");
  });

  it("refuses a header line with no name without calling the core", async () => {
    const { core } = await openSettings();
    await fireEvent.input(screen.getByTestId("answer-headers"), { target: { value: "Retry-After: 30\nno colon here" } });
    await fireEvent.click(screen.getByTestId("answers-apply"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([]);
    expect(screen.getByTestId("answers-error").textContent).toBe('Answer headers: Line 2 is not a header: write each one as "name: value".');
  });

  it("shows the core's message for a bad script inline", async () => {
    const { core } = await openSettings({
      onSetAnswers: () => {
        throw { code: "invalid_input", message: "step 2 'tiemout' is not a status, 'timeout' or a Retry-After" };
      },
    });
    await fireEvent.input(input("answer-script"), { target: { value: "503,tiemout" } });
    await fireEvent.click(screen.getByTestId("answers-apply"));
    await settle();
    expect(core.callsTo("set_answers")).toHaveLength(1);
    expect(screen.getByTestId("answers-error").textContent).toBe("step 2 'tiemout' is not a status, 'timeout' or a Retry-After");
    expect(input("answer-script").value).toBe("503,tiemout");
  });

  it("refuses a status that is not a number without calling the core", async () => {
    const { core } = await openSettings();
    await fireEvent.input(input("answer-status"), { target: { value: "abc" } });
    await fireEvent.click(screen.getByTestId("answers-apply"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([]);
    expect(screen.getByTestId("answers-error").textContent).toContain("Status must be a number");
  });

  it("follows the core's countdown while untouched, and keeps what the user is typing", async () => {
    const form = { ...emptyAnswers(), fail_next: 3, fail_status: 503 };
    await openSettings({ answers: { form, banner: bannerFor(form) } });
    expect(input("answer-fail-next").value).toBe("3");

    const two = { ...form, fail_next: 2 };
    await emit("answers-changed", { form: two, banner: bannerFor(two) });
    await settle();
    expect(input("answer-fail-next").value).toBe("2");

    await fireEvent.input(input("answer-status"), { target: { value: "418" } });
    const one = { ...form, fail_next: 1 };
    await emit("answers-changed", { form: one, banner: bannerFor(one) });
    await settle();
    expect(input("answer-status").value).toBe("418");
    expect(input("answer-fail-next").value).toBe("2");
  });

  it("resets to a plain 200", async () => {
    const form = { ...emptyAnswers(), status: 503 };
    const { core } = await openSettings({ answers: { form, banner: bannerFor(form) } });
    expect(input("answer-status").value).toBe("503");
    await fireEvent.click(screen.getByTestId("answers-reset"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([{ form: emptyAnswers() }]);
    expect(input("answer-status").value).toBe("");
  });
});

describe("Answer banner", () => {
  it("appears and disappears with answers-changed, and Reset to 200 sends an empty form", async () => {
    const core = fakeCore();
    const answers = new AnswersStore();
    await answers.init();
    render(AnswerBanner, { answers });
    expect(screen.queryByTestId("answer-banner")).toBeNull();

    const form = { ...emptyAnswers(), status: 503 };
    await emit("answers-changed", { form, banner: "Answering 503 to every delivery" });
    await settle();
    expect(screen.getByTestId("answer-banner").textContent).toContain("Answering 503 to every delivery");

    await fireEvent.click(screen.getByTestId("answer-reset"));
    await settle();
    expect(core.callsTo("set_answers")).toEqual([
      { form: { status: null, delay: "", body: "", headers: "", script: "", fail_next: null, fail_status: null } },
    ]);
    expect(screen.queryByTestId("answer-banner")).toBeNull();

    await emit("answers-changed", { form, banner: "Answering 503 to every delivery" });
    await settle();
    expect(screen.getByTestId("answer-banner")).toBeTruthy();
    await emit("answers-changed", { form: emptyAnswers(), banner: null });
    await settle();
    expect(screen.queryByTestId("answer-banner")).toBeNull();
    answers.dispose();
  });

  it("shows the banner the core reports at start", async () => {
    const form = { ...emptyAnswers(), fail_next: 2 };
    fakeCore({ answers: { form, banner: "Failing the next 2 deliveries with 503" } });
    const answers = new AnswersStore();
    await answers.init();
    render(AnswerBanner, { answers });
    expect(screen.getByTestId("answer-banner").textContent).toContain("Failing the next 2 deliveries with 503");
    answers.dispose();
  });
});

describe("answer form text", () => {
  it("round-trips the core's form and reads blanks as null", () => {
    const form = { status: 503, delay: "250ms", body: '{"ok":false}', headers: "Retry-After: 30\nX-A: b", script: "", fail_next: null, fail_status: 429 };
    expect(formOf(draftOf(form))).toEqual({ form });
    const blank = { status: "", delay: "", body: "", headers: "", script: "", failNext: "", failStatus: "" };
    expect(formOf(blank)).toEqual({ form: emptyAnswers() });
    expect(formOf({ ...blank, failNext: "two" })).toHaveProperty("error");
    expect(formOf({ ...blank, status: "5.5" })).toHaveProperty("error");
    expect(formOf({ ...blank, headers: ": x" })).toHaveProperty("error");
  });
});
