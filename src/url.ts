const SCHEMES: Record<string, string> = {
  'ws:': 'ws:',
  'wss:': 'wss:',
  'http:': 'ws:',
  'https:': 'wss:',
};

/**
 * Resolves a `host` value to the `ws:`/`wss:` URL a `WebSocket` is opened with.
 *
 * `ws:` and `wss:` URLs are kept, `http:` and `https:` map to `ws:` and `wss:`, and a relative
 * URL resolves against `base` (the document's base URL) with the page's scheme mapped the same
 * way. Anything else throws a `SyntaxError` `DOMException`, as the `WebSocket` constructor does.
 */
export function resolveSocketUrl(host: string, base: string): string {
  const value = host.trim();
  if (value === '') {
    throw new DOMException('The host is empty: set it to a ws:, wss:, http:, https: or relative URL.', 'SyntaxError');
  }
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new DOMException(`The host "${maskUrl(value)}" is not a valid URL.`, 'SyntaxError');
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw new DOMException(
      `The host "${maskUrl(value)}" has the scheme "${url.protocol}"; only ws:, wss:, http: and https: are allowed.`,
      'SyntaxError',
    );
  }
  // The fragment never reaches the server; browsers differ on whether it is an error.
  url.hash = '';
  return scheme + url.href.slice(url.protocol.length);
}

/** Splits a `protocols` attribute value ("a, b c") into the list `WebSocket` takes. */
export function parseProtocols(value: string): string[] {
  return value.split(/[\s,]+/).filter((token) => token !== '');
}

/**
 * The URL as it may be shown (log, status, error messages): user info and query-string values
 * masked, and the fragment dropped, since browsers cannot send headers and tokens travel there
 * (`wss://api.example.com/ws?token=***`). Works on text, so a URL that does not parse is masked too.
 */
export function maskUrl(value: string): string {
  return value
    .replace(/#.*/s, '')
    .replace(/^([^/?]*\/\/)[^/?]*@/, '$1***@')
    .replace(/([?&][^=&]*)=[^&]*/g, '$1=***');
}
