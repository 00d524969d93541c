// Loads Ozon's published OpenAPI document (seller-api-subset.json, unchanged) and applies the few corrections
// listed in corrections.json, each with the reason. Used by the type generator (tools/ozon-types.mjs); the
// TypeScript side (src/openapi-document.ts) applies the same corrections for validation.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function correctedDocument() {
  const document = JSON.parse(readFileSync(join(here, 'seller-api-subset.json'), 'utf8'));
  const corrections = JSON.parse(readFileSync(join(here, 'corrections.json'), 'utf8'));
  for (const { pointer, value } of corrections) {
    const keys = pointer.split('/').slice(1);
    const last = keys.pop();
    let node = document;
    for (const key of keys) node = node[key];
    node[last] = value;
  }
  return document;
}
