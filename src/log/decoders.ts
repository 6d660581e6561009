// Decoders turn a payload into something readable: JSON text into a value shown as a tree, or a
// binary format (MessagePack, CBOR, protobuf) into one, through a decoder the page supplies.
import type { LogEntry } from './entry.js';

/** A payload format the log can read: `test` picks the payloads, `decode` reads one. */
export interface LogDecoder {
  /** Shown on each entry it decoded. */
  name: string;
  test(data: string | Uint8Array): boolean;
  /** A value (shown as a JSON tree) or a string (shown as text). */
  decode(data: string | Uint8Array): unknown;
}

export interface Decoded {
  /** The decoder's name. */
  name: string;
  value: unknown;
  /** The value as searchable, copyable text (pretty JSON for values). */
  text: string;
}

export const jsonDecoder: LogDecoder = {
  name: 'JSON',
  test: (data) => typeof data === 'string',
  decode: (data) => JSON.parse(data as string) as unknown,
};

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item), 2) ?? '';
  } catch {
    return String(value);
  }
}

/**
 * Decodes an entry with the first decoder that takes it (the page's before the built-in JSON one,
 * which takes only entries known to be JSON). A decoder that throws is skipped.
 */
export function decode(entry: LogEntry, decoders: readonly LogDecoder[]): Decoded | null {
  if (entry.direction === 'event') return null;
  const data = entry.bytes ?? entry.text;
  for (const decoder of decoders) {
    try {
      if (!decoder.test(data)) continue;
      const value = decoder.decode(data);
      return { name: decoder.name, value, text: asText(value) };
    } catch {
      // Not this decoder's format after all.
    }
  }
  if (!entry.json) return null;
  try {
    const value = jsonDecoder.decode(entry.text);
    return { name: jsonDecoder.name, value, text: asText(value) };
  } catch {
    return null;
  }
}

/** A JSONPath to a key below `path`: `$.a`, `$[0]`, `$["two words"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
