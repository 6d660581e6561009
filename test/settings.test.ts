import { expect } from '@open-wc/testing';
import { DEFAULTS, WsConnection, type ConnectionSettings } from '../src/connection.js';
import type { WsClientProperties, WsClientSettingName } from '../src/frameworks.js';
import { WsClient } from '../src/ws-client.js';
import '../src/define.js';

// At compile time: every engine setting is a setting of the element, and the settings the
// framework types once missed are there.
type Missing<Expected extends string, Actual extends string> = Exclude<Expected, Actual>;
type EveryEngineSetting = Missing<keyof ConnectionSettings, WsClientSettingName> extends never ? true : false;
const everyEngineSetting: EveryEngineSetting = true;
void everyEngineSetting; // checked by `npm run typecheck`, not at run time
const onceMissing = ['format', 'log', 'logLimit', 'multiline', 'labels'] as const satisfies ReadonlyArray<
  keyof WsClientProperties
>;

/** The element's writable properties, found on its prototype as the framework types find them on its class. */
function writableProperties(): string[] {
  const names: string[] = [];
  for (let proto: object = WsClient.prototype; proto !== HTMLElement.prototype; proto = Object.getPrototypeOf(proto)) {
    if (proto === Object.getPrototypeOf(WsClient.prototype)) break; // LitElement's own
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.set && !name.startsWith('on')) names.push(name);
    }
  }
  return names.sort();
}

const declared = (): string[] => [...WsClient.elementProperties.keys()].map(String).sort();

/** Each setting with its attribute, as Lit names it (a property's lowercased name unless given). */
function attributes(): Array<[string, string]> {
  return [...WsClient.elementProperties].map(([name, { attribute }]) => [
    String(name),
    typeof attribute === 'string' ? attribute : String(name).toLowerCase(),
  ]);
}

describe('the list of settings', () => {
  it('declares every writable property of the element as a reactive property with an attribute', () => {
    expect(declared()).to.deep.equal(writableProperties());
    for (const [name, options] of WsClient.elementProperties)
      expect(options.attribute, String(name)).to.not.equal(false);
    expect(attributes().map(([, attribute]) => attribute)).to.deep.equal(
      attributes().map(([name]) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)),
    );
  });

  it('declares every connection setting, with the engine as the keeper of its value and default', () => {
    const element = new WsClient();
    const engine = new WsConnection();
    for (const name of Object.keys(DEFAULTS) as Array<keyof ConnectionSettings>) {
      expect(WsClient.elementProperties.has(name), name).to.equal(true);
      expect(element[name], name).to.equal(DEFAULTS[name]);
      expect(engine[name], name).to.equal(DEFAULTS[name]);
    }
  });

  it('gives each setting a row in the README attribute table', async () => {
    const readme = await (await fetch('/README.md')).text();
    const rows = attributes().map(([name, attribute]) => `| \`${attribute}\` | \`${name}\` |`);
    expect(rows.filter((row) => !readme.includes(row))).to.deep.equal([]);
    // The framework types' names are the element's reactive properties, at run time too.
    expect(onceMissing.filter((name) => !WsClient.elementProperties.has(name))).to.deep.equal([]);
  });

  it('restores the default when a setting is set to null or undefined', () => {
    const element = new WsClient();
    element.reconnectDelay = 50;
    (element as unknown as { reconnectDelay: null }).reconnectDelay = null;
    expect(element.reconnectDelay).to.equal(DEFAULTS.reconnectDelay);
    element.heartbeatMessage = 'beat';
    (element as unknown as { heartbeatMessage: undefined }).heartbeatMessage = undefined;
    expect(element.heartbeatMessage).to.equal(DEFAULTS.heartbeatMessage);
  });

  it('checks numbers when they are set: anything but a finite number >= 0 is the default', () => {
    const element = new WsClient();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      element.reconnectDelay = bad;
      element.connectTimeout = bad;
      element.heartbeat = bad;
      element.logLimit = bad;
      expect([element.reconnectDelay, element.connectTimeout, element.heartbeat, element.logLimit]).to.deep.equal([
        1000, 10000, 0, 1000,
      ]);
    }
    // Retries may be unlimited.
    element.reconnectAttempts = Number.POSITIVE_INFINITY;
    expect(element.reconnectAttempts).to.equal(Number.POSITIVE_INFINITY);
    element.reconnectAttempts = -1;
    expect(element.reconnectAttempts).to.equal(Number.POSITIVE_INFINITY);
  });

  it('takes numbers given as strings, as frameworks set attribute values on properties', () => {
    const element = new WsClient() as unknown as Record<string, unknown>;
    element.heartbeat = '5000';
    element.reconnectAttempts = '3';
    element.logLimit = '20';
    element.queueLimit = ' ';
    expect([element.heartbeat, element.reconnectAttempts, element.logLimit, element.queueLimit]).to.deep.equal([
      5000, 3, 20, 1000,
    ]);
  });
});
