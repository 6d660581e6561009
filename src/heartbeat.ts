/** The settings a heartbeat reads, each time it needs them (a `WsConnection` has them all). */
export interface HeartbeatSettings {
  /** Ms between heartbeat messages (> 0). */
  readonly heartbeat: number;
  /** Ms without any inbound frame after a heartbeat before the peer counts as dead (>= 0). */
  readonly heartbeatTimeout: number;
}

/** A check later than this (or than half the timeout) probes again before judging. */
const LATE_CHECK = 100;

/**
 * The heartbeat of one open socket: `send`s a heartbeat every `heartbeat` ms and calls `onDead`
 * when nothing at all arrived for `heartbeatTimeout` ms after one. `send` returns false when the
 * socket can no longer send.
 */
export class Heartbeat {
  readonly #settings: HeartbeatSettings;
  readonly #send: () => boolean;
  readonly #onDead: () => void;
  #pingTimer: ReturnType<typeof setTimeout> | undefined;
  #checkTimer: ReturnType<typeof setTimeout> | undefined;
  /** Wall-clock time of the oldest heartbeat not yet followed by any inbound frame; 0 if none. */
  #unansweredSince = 0;
  #heard = false;
  /** The last check ran late and probed again; a second late verdict stands. */
  #reprobed = false;

  constructor(settings: HeartbeatSettings, send: () => boolean, onDead: () => void) {
    this.#settings = settings;
    this.#send = send;
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
    clearTimeout(this.#pingTimer);
    if (!this.#send()) return;
    if (this.#unansweredSince === 0) {
      this.#unansweredSince = Date.now();
      this.#heard = false;
      this.#checkTimer = setTimeout(this.#check, this.#settings.heartbeatTimeout);
    }
    this.#schedule();
  };

  #schedule(): void {
    const interval = this.#settings.heartbeat;
    if (interval > 0 && Number.isFinite(interval)) this.#pingTimer = setTimeout(this.ping, interval);
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
    const timeout = this.#settings.heartbeatTimeout;
    const waited = Date.now() - this.#unansweredSince;
    if (waited < timeout) {
      this.#checkTimer = setTimeout(this.#check, timeout - waited);
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
