// The core's side of the contract's events: emit checks each payload against its schema and hands only
// the parsed value (the declared fields) to every listener. It delivers to listeners in this process and
// nothing more: Electron's main and the harness subscribe and carry events to the renderer.
import { events, type CustodyEvent, type EventName, type EventPayload } from '../../shared/contract';

/** A bug in the core: an event whose payload the contract does not declare. Nothing was delivered. */
export class EventOutsideContractError extends Error {
  constructor(name: string, detail: string) {
    super(`The core tried to emit ${name} with a payload outside the contract (${detail}); it was not sent.`);
    this.name = 'EventOutsideContractError';
  }
}

export type EventListener = (event: CustodyEvent) => void;

export class EventHub {
  readonly #listeners = new Set<EventListener>();

  /** `onListenerError` hears a listener's failure; the other listeners still get the event. */
  constructor(private readonly onListenerError: (error: unknown) => void) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = events[name].payload.safeParse(payload);
    if (!parsed.success) throw new EventOutsideContractError(name, parsed.error.message);
    const event = { name, payload: parsed.data } as CustodyEvent;
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Calls `listener` with every event from now on, until the returned function is called. */
  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
