// Saved messages: named snippets in localStorage, with placeholders filled at send time.

export interface Snippet {
  name: string;
  /** The text, or hex digits in hex mode. */
  body: string;
  mode: ComposerMode;
}

/** text sends a string; hex sends the bytes the hex digits spell, as an ArrayBuffer. */
export type ComposerMode = 'text' | 'hex';

function isSnippet(value: unknown): value is Snippet {
  const item = value as Partial<Snippet> | null;
  return (
    typeof item?.name === 'string' && typeof item.body === 'string' && (item.mode === 'text' || item.mode === 'hex')
  );
}

/** The snippets saved under `key`; none when storage is unavailable or holds something else. */
export function loadSnippets(key: string): Snippet[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter(isSnippet) : [];
  } catch {
    return [];
  }
}

/** Saves them; false when storage refuses (private mode, quota, a sandboxed frame). */
export function saveSnippets(key: string, snippets: readonly Snippet[]): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(snippets));
    return true;
  } catch {
    return false;
  }
}

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Outside secure contexts: a version 4 UUID from getRandomValues.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Fills {{seq}} (the send's number), {{now}} (ISO time) and {{uuid}}; other braces stay as written. */
export function fillPlaceholders(body: string, seq: number, now = new Date()): string {
  return body.replace(/\{\{\s*(seq|now|uuid)\s*\}\}/g, (_match, name: string) => {
    if (name === 'seq') return String(seq);
    if (name === 'now') return now.toISOString();
    return uuid();
  });
}
