// A small structural validator for messages crossing the webview boundary, whose schemas also give the
// messages' TypeScript types (`Infer`, `MessageOf`), so each message is written once.
// Both sides treat everything they receive as untrusted: a message is used only after it matches its schema.

export type FieldType =
  | 'string'
  | 'number'
  | 'integer'
  /** An integer ≥ 0: a position in a list or a text, or a count. */
  | 'index'
  | 'boolean'
  | 'string[]'
  | 'number[]'
  /** A Uint8Array (webview messages carry typed arrays as they are). */
  | 'bytes'
  /** A list of Uint8Arrays. */
  | 'bytes[]'
  | { readonly enum: readonly string[] }
  /** A list of values of the enum. */
  | { readonly enumList: readonly string[] }
  /** A string of at most this many characters. */
  | { readonly text: number }
  | { readonly shape: Shape }
  /** A list of objects of this shape, at most `max` of them. */
  | { readonly arrayOf: Shape; readonly max?: number }
  /** A list of at most this many [integer, finite number] pairs (a curve's [step, value] points). */
  | { readonly points: number };

/** Field name -> type; a trailing `?` on the name makes the field optional. */
export type Shape = { readonly [field: string]: FieldType };

/** Message type -> the shape of its other fields. */
export type Schemas = { readonly [type: string]: Shape };

// ---- the types a schema describes (declare schemas `as const satisfies Shape` so their literals stay)

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ValueOf<F> =
  F extends 'string' ? string
  : F extends 'number' | 'integer' | 'index' ? number
  : F extends 'boolean' ? boolean
  : F extends 'string[]' ? string[]
  : F extends 'number[]' ? number[]
  : F extends 'bytes' ? Uint8Array
  : F extends 'bytes[]' ? Uint8Array[]
  : F extends { readonly enum: readonly (infer E)[] } ? E
  : F extends { readonly enumList: readonly (infer E)[] } ? E[]
  : F extends { readonly text: number } ? string
  : F extends { readonly shape: infer S extends Shape } ? Infer<S>
  : F extends { readonly arrayOf: infer S extends Shape } ? Infer<S>[]
  : F extends { readonly points: number } ? [number, number][]
  : never;

/** The object type a shape accepts. */
export type Infer<S extends Shape> = Simplify<
  { -readonly [K in keyof S as K extends `${string}?` ? never : K]: ValueOf<S[K]> }
  & { -readonly [K in keyof S as K extends `${infer N}?` ? N : never]?: ValueOf<S[K]> }
>;

/** The union of the messages a set of schemas accepts, each with its `type`. */
export type MessageOf<S extends Schemas> = { [T in keyof S & string]: Simplify<{ type: T } & Infer<S[T]>> }[keyof S & string];

// ---- checking

const isUint8Array = (v: unknown): v is Uint8Array => Object.prototype.toString.call(v) === '[object Uint8Array]';

function checkValue(value: unknown, type: FieldType, path: string): string | undefined {
  if (typeof type === 'string') {
    switch (type) {
      case 'string': return typeof value === 'string' ? undefined : `${path} must be a string`;
      case 'number': return typeof value === 'number' && Number.isFinite(value) ? undefined : `${path} must be a finite number`;
      case 'integer': return Number.isInteger(value) ? undefined : `${path} must be an integer`;
      case 'index': return Number.isInteger(value) && (value as number) >= 0 ? undefined : `${path} must be an integer ≥ 0`;
      case 'boolean': return typeof value === 'boolean' ? undefined : `${path} must be a boolean`;
      case 'string[]':
        return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : `${path} must be a list of strings`;
      case 'number[]':
        return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))
          ? undefined : `${path} must be a list of finite numbers`;
      case 'bytes': return isUint8Array(value) ? undefined : `${path} must be a Uint8Array`;
      case 'bytes[]': return Array.isArray(value) && value.every(isUint8Array) ? undefined : `${path} must be a list of Uint8Arrays`;
    }
  }
  if ('enum' in type) {
    return typeof value === 'string' && type.enum.includes(value) ? undefined : `${path} must be one of ${type.enum.join(', ')}`;
  }
  if ('enumList' in type) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string' && type.enumList.includes(v))
      ? undefined : `${path} must be a list of ${type.enumList.join(', ')}`;
  }
  if ('text' in type) {
    return typeof value === 'string' && value.length <= type.text ? undefined : `${path} must be a string of at most ${type.text} characters`;
  }
  if ('shape' in type) return checkShape(value, type.shape, path);
  if ('points' in type) return checkPoints(value, type.points, path);
  if (!Array.isArray(value)) return `${path} must be a list`;
  if (type.max !== undefined && value.length > type.max) return `${path} must have at most ${type.max} entries`;
  for (let i = 0; i < value.length; i++) {
    const err = checkShape(value[i], type.arrayOf, `${path}[${i}]`);
    if (err) return err;
  }
  return undefined;
}

function checkPoints(value: unknown, max: number, path: string): string | undefined {
  if (!Array.isArray(value) || value.length > max) return `${path} must be a list of at most ${max} points`;
  const isPoint = (p: unknown) => Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && typeof p[1] === 'number' && Number.isFinite(p[1]);
  const bad = value.findIndex((p) => !isPoint(p));
  return bad < 0 ? undefined : `${path}[${bad}] must be an [integer, finite number] pair`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function checkShape(value: unknown, shape: Shape, path: string): string | undefined {
  if (!isPlainObject(value)) return `${path} must be an object`;
  for (const [rawName, type] of Object.entries(shape)) {
    const optional = rawName.endsWith('?');
    const name = optional ? rawName.slice(0, -1) : rawName;
    const v = value[name];
    if (v === undefined) {
      if (optional) continue;
      return `${path}.${name} is missing`;
    }
    const err = checkValue(v, type, `${path}.${name}`);
    if (err) return err;
  }
  return undefined;
}

/** Either the message, typed, or the reason it was rejected. */
export type Checked<T> = { ok: true; message: T } | { ok: false; error: string };

/**
 * Checks `raw` against the schema of its `type`. Unknown types and malformed fields are rejected;
 * extra fields are allowed (and ignored by the receiver).
 */
export function validateMessage<S extends Schemas>(raw: unknown, schemas: S): Checked<MessageOf<S>> {
  if (!isPlainObject(raw) || typeof raw.type !== 'string') return { ok: false, error: 'message has no type' };
  if (!Object.prototype.hasOwnProperty.call(schemas, raw.type)) {
    return { ok: false, error: `unknown message type "${raw.type.slice(0, 40)}"` };
  }
  const err = checkShape(raw, schemas[raw.type], raw.type);
  return err ? { ok: false, error: err } : { ok: true, message: raw as unknown as MessageOf<S> };
}
