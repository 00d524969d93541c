import { ValueTransformer } from 'typeorm';

/** `numeric` and `bigint` come back from pg as strings; amounts in minor units fit a JS number safely. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
