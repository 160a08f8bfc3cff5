// Project VIC VICS JSON, 1.x ("odata.metadata") and 2.0 ("@odata.context"): "value" holds cases, each with
// a "Media" array (#Cases), or Media records directly (#Media); which one is read from each item's shape,
// since exporters disagree with their own context URL. One Media record is held at a time, never the file.
import type { BankInput, ImportItem } from '../entry';
import { BankFileError, sentence } from '../entry';
import type { JsonEvent } from '../../../format';
import { FormatSyntaxError, JsonReader } from '../../../format';
import type { JsonObject, JsonValue } from './json-value';
import { JsonValueBuilder } from './json-value';
import { decodeText } from './text';
import { mediaItems } from './vics-media';

/** Most characters of one Media record (or one case's own fields) held while it is read. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

export async function* readVicsJson(input: BankInput): AsyncGenerator<ImportItem> {
  const vics = new VicsConsumer();
  const reader = new JsonReader((event) => vics.take(event));
  try {
    for await (const text of decodeText(input)) {
      reader.push(text);
      yield* vics.drain();
    }
    reader.end();
  } catch (error) {
    if (!(error instanceof FormatSyntaxError)) throw error;
    yield* vics.drain();
    yield {
      problem: {
        line: error.line,
        fatal: true,
        message: `${sentence(error.reason)} Nothing after this was read.`,
      },
    };
    return;
  }
  yield* vics.drain();
  vics.finish();
}

type Mode = 'root' | 'root-keys' | 'root-value' | 'items' | 'item-keys' | 'item-value' | 'media' | 'done';

interface Item {
  line: number;
  fields: JsonObject;
  keyLines: Map<string, number>;
  chars: number;
  oversized: boolean;
  hadMedia: boolean;
}

interface Building {
  builder: JsonValueBuilder;
  line: number;
  done: (builder: JsonValueBuilder, line: number) => void;
}

/** Follows the events of a VICS document and turns each Media record into entries or a problem. */
class VicsConsumer {
  private mode: Mode = 'root';
  private out: ImportItem[] = [];
  private building: Building | undefined;
  private key = '';
  private item: Item | undefined;
  private sawValue = false;
  private itemCount = 0;
  private mediaCount = 0;

  *drain(): Generator<ImportItem> {
    const out = this.out;
    this.out = [];
    yield* out;
  }

  finish(): void {
    if (!this.sawValue) {
      throw new BankFileError(
        'The JSON has no top-level "value" array, so it is not a Project VIC (VICS) file.',
      );
    }
  }

  take(event: JsonEvent): void {
    if (this.building) {
      const { builder, line, done } = this.building;
      if (builder.feed(event)) {
        this.building = undefined;
        done(builder, line);
      }
      return;
    }
    switch (this.mode) {
      case 'root':
        if (event.kind !== 'begin-object') {
          throw new BankFileError(
            'The JSON does not start with an object, so it is not a Project VIC (VICS) file.',
          );
        }
        this.mode = 'root-keys';
        return;
      case 'root-keys':
        if (event.kind === 'key') {
          this.key = event.key;
          this.mode = 'root-value';
        } else {
          this.mode = 'done';
        }
        return;
      case 'root-value':
        if (this.key === 'value') {
          if (event.kind !== 'begin-array') {
            throw new BankFileError(
              `Line ${event.line}: "value" is not an array, so this is not a Project VIC (VICS) file.`,
            );
          }
          this.sawValue = true;
          this.mode = 'items';
          return;
        }
        this.mode = 'root-keys';
        this.skip(event);
        return;
      case 'items':
        if (event.kind === 'end-array') {
          this.mode = 'root-keys';
          return;
        }
        this.itemCount++;
        if (event.kind !== 'begin-object') {
          this.problem(
            event.line,
            `value[${this.itemCount - 1}] is not an object (a case or a Media record).`,
          );
          this.skip(event);
          return;
        }
        this.item = {
          line: event.line,
          fields: new Map(),
          keyLines: new Map(),
          chars: 0,
          oversized: false,
          hadMedia: false,
        };
        this.mode = 'item-keys';
        return;
      case 'item-keys':
        if (event.kind === 'key') {
          this.key = event.key;
          this.mode = 'item-value';
          this.item?.keyLines.set(event.key, event.line);
          return;
        }
        this.finishItem();
        this.mode = 'items';
        return;
      case 'item-value':
        this.mode = 'item-keys';
        if (this.key.toLowerCase() === 'media') {
          // A case: its Media records are read one by one; a case with "Media": null has none.
          if (this.item) this.item.hadMedia = true;
          if (event.kind === 'begin-array') this.mode = 'media';
          else this.skip(event);
          return;
        }
        this.buildItemField(event);
        return;
      case 'media':
        if (event.kind === 'end-array') {
          this.mode = 'item-keys';
          return;
        }
        this.mediaCount++;
        if (event.kind !== 'begin-object') {
          this.problem(event.line, `Media record #${this.mediaCount} is not an object.`);
          this.skip(event);
          return;
        }
        this.build(event, MAX_RECORD_CHARS, (builder, line) => {
          if (builder.oversized || !(builder.value instanceof Map)) {
            this.problem(
              line,
              `Media record #${this.mediaCount} is larger than ${MAX_RECORD_CHARS} characters.`,
            );
          } else {
            this.out.push(...mediaItems(builder.value, line, builder.keyLines, this.mediaCount));
          }
        });
        return;
      default:
        return;
    }
  }

  private buildItemField(event: JsonEvent): void {
    const item = this.item;
    if (!item) return;
    const key = this.key;
    this.build(event, Math.max(0, MAX_RECORD_CHARS - item.chars), (builder) => {
      if (builder.oversized) {
        item.oversized = true;
        item.fields.clear();
        item.chars = MAX_RECORD_CHARS;
      } else if (!item.oversized && builder.value !== undefined) {
        item.fields.set(key, builder.value);
        item.chars += key.length + approximateChars(builder.value);
      }
    });
  }

  private finishItem(): void {
    const item = this.item;
    this.item = undefined;
    if (!item || item.hadMedia) return;
    this.mediaCount++;
    if (item.oversized) {
      this.problem(
        item.line,
        `Media record #${this.mediaCount} is larger than ${MAX_RECORD_CHARS} characters.`,
      );
    } else {
      this.out.push(...mediaItems(item.fields, item.line, item.keyLines, this.mediaCount));
    }
  }

  private build(event: JsonEvent, budget: number, done: Building['done']): void {
    const builder = new JsonValueBuilder(budget);
    if (builder.feed(event)) done(builder, event.line);
    else this.building = { builder, line: event.line, done };
  }

  private skip(event: JsonEvent): void {
    this.build(event, 0, () => undefined);
  }

  private problem(line: number, message: string): void {
    this.out.push({ problem: { line, message } });
  }
}

/** Characters a built value stands for, to keep a case's own fields within the record budget. */
function approximateChars(value: JsonValue): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Map) {
    let chars = 8;
    for (const [key, inner] of value) chars += key.length + approximateChars(inner);
    return chars;
  }
  if (Array.isArray(value)) return value.reduce<number>((sum, inner) => sum + approximateChars(inner), 8);
  return 8;
}
