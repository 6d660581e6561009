// The log's filter language: words (case-insensitive), /regex/flags, dir:in|out|event,
// is:binary|json|text|event, size:>1kb. Terms combine with AND. Parsing never throws: a bad term
// is reported and matches everything, so the list stays as it was while the user types.
import type { LogEntry } from './entry.js';

export interface Query {
  /** Whether the entry matches; `search` is its searchable text (decoded, pretty), lower-cased. */
  test(entry: LogEntry, search: () => string): boolean;
  /** Why a term could not be read (an invalid regex, an unknown dir:), or '' when all were. */
  error: string;
  /** Nothing to filter on. */
  empty: boolean;
}

type Test = (entry: LogEntry, search: () => string) => boolean;

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024 };

function sizeTest(value: string): Test | string {
  const match = /^(>=|<=|>|<|=)?(\d+(?:\.\d+)?)([a-z]*)$/i.exec(value);
  const unit = match ? UNITS[match[3].toLowerCase()] : undefined;
  if (!match || unit === undefined) return `size: takes a comparison such as >1kb, not "${value}"`;
  const bytes = Number(match[2]) * unit;
  switch (match[1]) {
    case '>':
      return (entry) => entry.size > bytes;
    case '<':
      return (entry) => entry.size < bytes;
    case '>=':
      return (entry) => entry.size >= bytes;
    case '<=':
      return (entry) => entry.size <= bytes;
    default:
      return (entry) => entry.size === bytes;
  }
}

function isTest(value: string): Test | string {
  switch (value.toLowerCase()) {
    case 'binary':
      return (entry) => entry.direction !== 'event' && (entry.bytes !== undefined || entry.text.startsWith('Blob ('));
    case 'json':
      return (entry) => entry.json;
    case 'text':
      return (entry) => entry.direction !== 'event' && entry.bytes === undefined && !entry.json;
    case 'event':
      return (entry) => entry.direction === 'event';
    default:
      return `is: takes binary, json, text or event, not "${value}"`;
  }
}

function term(token: string): Test | string {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(token);
  if (regex) {
    try {
      const pattern = new RegExp(regex[1], regex[2].replace('g', '') || 'i');
      return (_entry, search) => pattern.test(search());
    } catch {
      // Engines word the SyntaxError each their own way; this reads the same everywhere.
      return `${token} is not a valid regular expression`;
    }
  }
  const colon = token.indexOf(':');
  const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
  const value = token.slice(colon + 1);
  if (key === 'dir') {
    const directions = value.toLowerCase().split(/[|,]/);
    if (!directions.every((d) => d === 'in' || d === 'out' || d === 'event'))
      return `dir: takes in, out or event, not "${value}"`;
    return (entry) => directions.includes(entry.direction);
  }
  if (key === 'is') return isTest(value);
  if (key === 'size') return sizeTest(value);
  const word = token.toLowerCase();
  return (_entry, search) => search().includes(word);
}

/** Reads a query; the tokens are words, key:value terms, or /regex/flags (which may hold spaces). */
export function parseQuery(source: string): Query {
  const tokens = source.match(/\/(?:\\.|[^/\\])+\/[a-z]*|\S+/g) ?? [];
  const tests: Test[] = [];
  const errors: string[] = [];
  for (const token of tokens) {
    const result = term(token);
    if (typeof result === 'string') errors.push(result);
    else tests.push(result);
  }
  return {
    test: (entry, search) => tests.every((each) => each(entry, search)),
    error: errors.join('; '),
    empty: tests.length === 0,
  };
}
