// Breaks down the WAL a bench phase wrote by relation and kind of record, so that "97 records per approval" reads as
// which tables and which indexes wrote them (docs/benchmarks.md, 72). Each phase's log line gives its WAL range
// (`"range":"<from> <to>"`); run this on the bench database right after the bench, before a checkpoint recycles
// those WAL segments. It reads the WAL through pg_walinspect, which the bench creates in its database.
// Usage: node tools/bench/wal-by-relation.mjs <from-lsn> <to-lsn> [commands in the phase]
import pg from 'pg';

const [from, to, commandsArg] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node tools/bench/wal-by-relation.mjs <from-lsn> <to-lsn> [commands in the phase]');
  process.exit(1);
}
const per = Number(commandsArg ?? 1);
const db = new pg.Client({
  connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/aftersale_bench',
});
await db.connect();
// a record's first block names its relation ("blkref #0: rel 1663/16384/16390 fork main blk 1 (FPW); …");
// records without one (commits, running transactions) have none
const { rows } = await db.query(
  `WITH records AS (
     SELECT resource_manager || ' ' || record_type AS kind,
            substring(block_ref FROM 'blkref #0: rel \\d+/\\d+/(\\d+)')::oid AS filenode,
            (length(coalesce(block_ref, '')) - length(replace(coalesce(block_ref, ''), 'FPW', ''))) / 3 AS full_pages,
            record_length
       FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn))
   SELECT coalesce(pg_filenode_relation(0, filenode)::text, CASE WHEN filenode IS NULL
            THEN '(no relation: commits, running transactions)' ELSE '(filenode ' || filenode || ')' END) AS relation,
          kind, count(*)::int AS records, sum(full_pages)::int AS full_pages, sum(record_length)::bigint AS bytes
     FROM records GROUP BY 1, 2`,
  [from, to],
);
await db.end();

const byRelation = new Map();
let records = 0;
for (const row of rows) {
  const r = byRelation.get(row.relation) ?? { records: 0, fullPages: 0, bytes: 0, kinds: [] };
  r.records += row.records;
  r.fullPages += row.full_pages;
  r.bytes += Number(row.bytes);
  r.kinds.push([row.kind, row.records]);
  byRelation.set(row.relation, r);
  records += row.records;
}
const round = (n) => Math.round((n / per) * 100) / 100;
console.log(`${records} records from ${from} to ${to}; per command (÷ ${per}):`);
console.log('relation\trecords\twhole pages\tkB\tkinds');
for (const [name, r] of [...byRelation].sort((a, b) => b[1].records - a[1].records)) {
  const kinds = r.kinds
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${round(n)}`)
    .join(', ');
  console.log(`${name}\t${round(r.records)}\t${round(r.fullPages)}\t${round(r.bytes / 1024)}\t${kinds}`);
}
