const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** Bytes in binary units: "512 B", "1.5 KiB", "12 MiB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.trunc(bytes || 0))} B`;
  let value = bytes;
  let unit: string = "B";
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  // One decimal while it still says something; whole numbers once the value is large.
  const shown = value < 100 ? value.toFixed(1).replace(/\.0$/, "") : Math.round(value).toString();
  return `${shown} ${unit}`;
}

/** The exact count, grouped for reading: "1,536 bytes". */
export function formatBytesExact(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} ${bytes === 1 ? "byte" : "bytes"}`;
}
