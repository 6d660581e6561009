import { DEFAULTS } from './connection.js';

/** The settings a heartbeat reads, each time it needs them (a `WsConnection` has them all). */
export interface HeartbeatSettings {
  /** Ms between heartbeat messages. */
  heartbeat: number;
  heartbeatMessage: string;
  /** Ms without any inbound frame after a heartbeat before the peer counts as dead. */
  heartbeatTimeout: number;
}

/** A check later than this (or than half the timeout) probes again before judging. */
const LATE_CHECK = 100;

/**
 * The heartbeat of one open socket: sends `heartbeatMessage` every `heartbeat` ms and calls
 * `onDead` when nothing at all arrived for `heartbeatTimeout` ms after one. Loaded on demand by
 * `WsConnection`, only by pages that turn the heartbeat on.
 */
export class Heartbeat {
  readonly #socket: WebSocket;
  readonly #settings: HeartbeatSettings;
  readonly #onDead: () => void;
  #pingTimer = 0;
  #checkTimer = 0;
  /** Wall-clock time of the oldest heartbeat not yet followed by any inbound frame; 0 if none. */
  #unansweredSince = 0;
  #heard = false;
  /** The last check ran late and probed again; a second late verdict stands. */
  #reprobed = false;

  constructor(socket: WebSocket, settings: HeartbeatSettings, onDead: () => void) {
    this.#socket = socket;
    this.#settings = settings;
    this.#onDead = onDead;
    this.#schedule();
  }

  /** Any inbound frame: the peer is alive. */
  heard(): void {
    this.#heard = true;
  }

  stop(): void {
    clearTimeout(this.#pingTimer);
    clearTimeout(this.#checkTimer);
  }

  /** Sends a heartbeat now (and starts the wait for a sign of life, unless one is running). */
  ping = (): void => {
    if (this.#socket.readyState !== 1) return;
    clearTimeout(this.#pingTimer);
    if (this.#unansweredSince === 0) {
      this.#unansweredSince = Date.now();
      this.#heard = false;
      this.#checkTimer = window.setTimeout(this.#check, this.#timeout());
    }
    this.#socket.send(this.#settings.heartbeatMessage);
    this.#schedule();
  };

  #schedule(): void {
    const interval = this.#settings.heartbeat;
    if (interval > 0 && Number.isFinite(interval)) this.#pingTimer = window.setTimeout(this.ping, interval);
  }

  #timeout(): number {
    const timeout = this.#settings.heartbeatTimeout;
    return timeout >= 0 && Number.isFinite(timeout) ? timeout : DEFAULTS.heartbeatTimeout;
  }

  /**
   * Declares the peer dead only if nothing arrived since the oldest unanswered heartbeat and
   * the wall clock says the timeout has passed since it was really sent: timers throttled in a
   * background tab fire late, which only gives the peer more time.
   */
  #check = (): void => {
    if (this.#heard) {
      this.#unansweredSince = 0;
      this.#reprobed = false;
      return;
    }
    const timeout = this.#timeout();
    const waited = Date.now() - this.#unansweredSince;
    if (waited < timeout) {
      this.#checkTimer = window.setTimeout(this.#check, timeout - waited);
      return;
    }
    if (waited - timeout > Math.max(LATE_CHECK, timeout / 2) && !this.#reprobed) {
      // This timer ran late: the page was throttled, frozen or busy, and a reply may still be
      // queued behind it. Probe once more instead of judging by a stalled clock.
      this.#reprobed = true;
      this.#unansweredSince = 0;
      this.ping();
      return;
    }
    this.stop();
    this.#onDead();
  };
}
