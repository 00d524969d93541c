import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import document from '../openapi/seller-api-subset.json';
import corrections from '../openapi/corrections.json';
import type { OzonPath } from './ozon-types';

type Json = Record<string, any>;

/** Ozon's document with the corrections of openapi/corrections.json applied (docs/ozon.md#the-document). */
export function correctedOzonDocument(): Json {
  const copy: Json = structuredClone(document);
  for (const { pointer, value } of corrections as { pointer: string; value: unknown }[]) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop()!;
    let node = copy;
    for (const key of keys) node = node[key];
    node[last] = value;
  }
  return copy;
}

/**
 * Checks request and response bodies against the schemas of Ozon's OpenAPI document, so the simulator answers
 * and the client sends exactly Ozon's shapes. OpenAPI 3.0 schemas are JSON Schema with extras: `nullable` is
 * understood by Ajv, Ozon's integer/number formats (int32, int64, uint64, double) are accepted as they are.
 */
export class OzonOpenApiValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly document = correctedOzonDocument();

  constructor() {
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'uint64', 'double', 'float']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ components: this.document.components }, 'ozon');
  }

  paths(): OzonPath[] {
    return Object.keys(this.document.paths) as OzonPath[];
  }

  /** Errors of a request body, or [] when it is valid. */
  request(path: OzonPath, body: unknown): string[] {
    const ref = this.refOf(this.document.paths[path]?.post?.requestBody);
    return ref ? this.check(ref, body) : [];
  }

  /** Errors of an answer with the given HTTP status, or [] when it is valid. */
  response(path: OzonPath, status: number, body: unknown): string[] {
    const responses = this.document.paths[path]?.post?.responses ?? {};
    const declared = responses[String(status)] ?? responses.default;
    if (!declared) return [`status ${status} is not declared for ${path}`];
    const ref = this.refOf(declared);
    return ref ? this.check(ref, body) : [];
  }

  private refOf(holder: Json | undefined): string | undefined {
    if (!holder) return undefined;
    if (holder.$ref) return this.refOf(this.resolve(holder.$ref));
    return holder.content?.['application/json']?.schema?.$ref;
  }

  private resolve(ref: string): Json {
    return ref
      .slice(2)
      .split('/')
      .reduce((node: Json, key) => node[key], this.document);
  }

  private check(ref: string, body: unknown): string[] {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `ozon${ref}` });
      this.compiled.set(ref, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
}
