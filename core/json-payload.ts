// A JSON object answer kept as the text it arrived as, parsed once to prove it
// is valid. Adding `extra_fields` splices into the original text instead of
// re-serialising the whole transcript on every answer.

export type JsonObject = Record<string, unknown>;

/** Shared by every copy of the package, so a payload made by an extension's own copy is still one. */
const JSON_PAYLOAD: unique symbol = Symbol.for('voxgate.JsonPayload');

export class JsonPayload {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[JSON_PAYLOAD] === true;
  }

  readonly [JSON_PAYLOAD] = true;

  private constructor(
    private readonly value_: JsonObject,
    private text_: string | undefined,
  ) {}

  /** Parses `text`; throws a SyntaxError/TypeError when it is not a JSON object. */
  static parse(text: string): JsonPayload {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TypeError('expected a JSON object');
    }
    return new JsonPayload(value as JsonObject, text.trim());
  }

  static of(value: JsonObject): JsonPayload {
    return new JsonPayload(value, undefined);
  }

  get value(): JsonObject {
    return this.value_;
  }

  toString(): string {
    this.text_ ??= JSON.stringify(this.value_);
    return this.text_;
  }

  /** The object's text with one more top-level key, replacing any of that name. */
  withField(key: string, extra: unknown): string {
    const text = this.toString();
    if (Object.hasOwn(this.value_, key)) {
      return JSON.stringify({ ...this.value_, [key]: extra });
    }
    const close = text.lastIndexOf('}');
    const empty = Object.keys(this.value_).length === 0;
    return `${text.slice(0, close)}${empty ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(extra)}}`;
  }
}
