// The bytes behind a body, read a page at a time for the hex view: a 10 MiB
// body is never decoded or dumped whole.

export type ByteSource = {
  /** The body's length in bytes. */
  readonly total: number;
  /** Up to `length` bytes from `offset`. */
  read(offset: number, length: number): Uint8Array;
};

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** Bytes sent as base64 (the core's form for bodies that are not UTF-8); throws on invalid base64. */
export function base64Bytes(base64: string): ByteSource {
  const clean = base64.replace(/\s+/g, "");
  return {
    total: decodedLength(clean),
    read(offset, length) {
      // 4 base64 characters carry 3 bytes: decode from the group holding `offset`.
      const first = Math.floor(offset / 3) * 4;
      const skip = offset % 3;
      const chars = Math.ceil((skip + length) / 3) * 4;
      return decodeBase64(clean.slice(first, first + chars)).subarray(skip, skip + length);
    },
  };
}

/** The UTF-8 bytes of a text body. */
export function textBytes(text: string): ByteSource {
  const bytes = new TextEncoder().encode(text);
  return { total: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}
