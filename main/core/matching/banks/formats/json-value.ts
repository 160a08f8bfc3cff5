// One JSON value built from the reader's events within a size budget, for a record that must be seen whole
// (one VICS Media record). Objects are Maps, so no key can reach a prototype; nothing recurses.
import type { JsonEvent, JsonScalar } from '../../../format';

export type JsonObject = Map<string, JsonValue>;
export type JsonValue = JsonScalar | JsonValue[] | JsonObject;

/**
 * Builds the value whose events it is fed, keeping at most `budget` characters of it; past that it only
 * counts nesting until the value ends (`oversized` then says so). With a budget of 0 it skips a value.
 */
export class JsonValueBuilder {
  value: JsonValue | undefined;
  oversized = false;
  /** For an object value: each of its own keys and the line it is on. */
  readonly keyLines = new Map<string, number>();
  private readonly stack: Array<JsonValue[] | JsonObject> = [];
  private depth = 0;
  private key = '';
  private chars = 0;

  constructor(private readonly budget: number) {}

  /** Takes the next event of the value; true once the value is complete. */
  feed(event: JsonEvent): boolean {
    switch (event.kind) {
      case 'key':
        if (this.depth === 1) this.keyLines.set(event.key, event.line);
        this.key = event.key;
        this.charge(event.key.length);
        return false;
      case 'scalar':
        this.charge(typeof event.value === 'string' ? event.value.length : 8);
        this.place(event.value);
        return this.depth === 0;
      case 'begin-object':
      case 'begin-array': {
        this.charge(8);
        const container: JsonValue[] | JsonObject = event.kind === 'begin-object' ? new Map() : [];
        this.place(container);
        if (!this.oversized) this.stack.push(container);
        this.depth++;
        return false;
      }
      default:
        this.depth--;
        this.stack.pop();
        return this.depth === 0;
    }
  }

  private place(value: JsonValue): void {
    if (this.oversized) return;
    const parent = this.stack.at(-1);
    if (parent === undefined) this.value = value;
    else if (parent instanceof Map) parent.set(this.key, value);
    else parent.push(value);
  }

  private charge(chars: number): void {
    this.chars += chars;
    if (!this.oversized && this.chars > this.budget) {
      this.oversized = true;
      this.value = undefined;
      this.stack.length = 0;
    }
  }
}
