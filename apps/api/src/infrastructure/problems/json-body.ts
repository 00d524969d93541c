/** How deep a JSON body may nest: every body of docs/api.md is under 5 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that name an object's prototype machinery: class-transformer skips them, so the whitelist never sees
 * them as unknown fields; no body of docs/api.md has them.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A body the parser refuses; the problem filter answers it as 400 `validation-failed` (body-parser's parse error). */
export class UnacceptableJson extends SyntaxError {}

/**
 * A JSON.parse reviver for request bodies. It refuses what PostgreSQL or the validator cannot take, before
 * anything else sees the body: NUL characters (text and jsonb columns reject `\u0000`, which would be a
 * 500), nesting deeper than MAX_JSON_DEPTH (class-transformer recurses and overflows the stack) and
 * prototype keys (FORBIDDEN_KEYS). The reviver runs bottom-up, so each container's depth is known from its
 * direct children's.
 */
export function createJsonBodyReviver(): (key: string, value: unknown) => unknown {
  const depths = new WeakMap<object, number>();
  return (key, value) => {
    if (key.includes('\u0000')) throw new UnacceptableJson('NUL characters are not accepted');
    if (FORBIDDEN_KEYS.has(key)) throw new UnacceptableJson(`"${key}" is not a field`);
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new UnacceptableJson('NUL characters are not accepted');
      return value;
    }
    if (value === null || typeof value !== 'object') return value;
    let depth = 1;
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') depth = Math.max(depth, (depths.get(child) ?? 1) + 1);
    }
    if (depth > MAX_JSON_DEPTH) throw new UnacceptableJson(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    depths.set(value, depth);
    return value;
  };
}
