// A clipboard that records what is written to it (jsdom has none).

export function mockClipboard(): string[] {
  const written: string[] = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (copied: string) => void written.push(copied) },
  });
  return written;
}
