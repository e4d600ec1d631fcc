// A `hexdump -C`-style view of binary bodies:
// 00000000  7b 22 68 65 6c 6c 6f 22  3a 22 77 6f 72 6c 64 22  |{"hello":"world"|

/** Bodies larger than this show only their first part: a 10 MiB dump is unreadable and slow. */
export const HEX_LIMIT = 64 * 1024;

const BYTES_PER_LINE = 16;

function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

// Printable ASCII only; everything else (controls, high bytes) as a dot.
function asciiChar(byte: number): string {
  return byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : ".";
}

/**
 * One line per 16 bytes: offset, hex bytes (grouped 8 + 8), ASCII column.
 * `origin` is where `bytes` starts in the whole body, for the offset column.
 */
export function hexLine(bytes: Uint8Array, offset: number, origin = 0): string {
  const hex: string[] = [];
  let ascii = "";
  for (let i = 0; i < BYTES_PER_LINE; i++) {
    const byte = bytes[offset + i];
    if (i === 8) hex.push("");
    if (byte === undefined || offset + i >= bytes.length) {
      hex.push("  ");
    } else {
      hex.push(hexByte(byte));
      ascii += asciiChar(byte);
    }
  }
  return `${(origin + offset).toString(16).padStart(8, "0")}  ${hex.join(" ")}  |${ascii}|`;
}

/** The dump of `bytes` as text, lines separated by "\n"; empty input gives "". */
export function hexDump(bytes: Uint8Array, origin = 0): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_LINE) {
    lines.push(hexLine(bytes, offset, origin));
  }
  return lines.join("\n");
}

/** Bytes per page of the hex view: 1,024 lines. */
export const HEX_PAGE = 16 * 1024;
