/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock millis plus a counter, so timestamps
 * stay monotonic even when the system clock jumps back, and sort as plain strings.
 * Serialised as `2026-11-25T10:00:00.000Z-0000-<replica>`.
 */
export interface Hlc {
  millis: number;
  counter: number;
  replica: string;
}

const COUNTER_WIDTH = 4;
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;

export function formatHlc(hlc: Hlc): string {
  const counter = hlc.counter.toString(36).padStart(COUNTER_WIDTH, '0');
  return `${new Date(hlc.millis).toISOString()}-${counter}-${hlc.replica}`;
}

const HLC_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-z]{4})-([0-9a-z]+)$/;

export function parseHlc(text: string): Hlc {
  const match = HLC_PATTERN.exec(text);
  if (!match) throw new Error(`Ungültiger Zeitstempel: ${text}`);
  const millis = Date.parse(match[1]!);
  if (!Number.isFinite(millis)) throw new Error(`Ungültiger Zeitstempel: ${text}`);
  return { millis, counter: parseInt(match[2]!, 36), replica: match[3]! };
}

/** Next timestamp for a local event: never behind `previous`, never behind the wall clock. */
export function tickHlc(previous: Hlc, wallMillis: number): Hlc {
  if (wallMillis > previous.millis) return { millis: wallMillis, counter: 0, replica: previous.replica };
  return bumpCounter(previous.millis, previous.counter, previous.replica);
}

/** Merge a timestamp received from another replica into the local clock. */
export function receiveHlc(local: Hlc, remote: Hlc, wallMillis: number): Hlc {
  const millis = Math.max(local.millis, remote.millis, wallMillis);
  if (millis > local.millis && millis > remote.millis) return { millis, counter: 0, replica: local.replica };
  const counter =
    millis === local.millis && millis === remote.millis
      ? Math.max(local.counter, remote.counter)
      : millis === local.millis
        ? local.counter
        : remote.counter;
  return bumpCounter(millis, counter, local.replica);
}

function bumpCounter(millis: number, counter: number, replica: string): Hlc {
  // A counter overflow means > 1.6 million events in one millisecond: move time on instead.
  if (counter >= MAX_COUNTER) return { millis: millis + 1, counter: 0, replica };
  return { millis, counter: counter + 1, replica };
}
