// Durations in the units a person would say: "250 ms", "5.2 s", "5 min", "1.5 h".

function oneDecimal(value: number): string {
  return value.toFixed(1).replace(/\.0$/, "");
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? "-" : "";
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${oneDecimal(abs / 1000)} s`;
  if (abs < 3_600_000) return `${sign}${oneDecimal(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${sign}${oneDecimal(abs / 3_600_000)} h`;
  return `${sign}${oneDecimal(abs / 86_400_000)} d`;
}

/** "received 3 s after it was signed" from receipt time minus the signed timestamp. */
export function describeSkew(skewSeconds: number): string {
  const amount = formatDuration(Math.abs(skewSeconds) * 1000);
  if (Math.abs(skewSeconds) < 0.5) return "received the second it was signed";
  return skewSeconds > 0
    ? `received ${amount} after it was signed`
    : `received ${amount} before its signed time (the sender's clock is ahead)`;
}
