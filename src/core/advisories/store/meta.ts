import * as z from "zod";

/** Version of the folder layout (records.bin + index.bin + meta.json); bumped on incompatible change. */
export const DB_FORMAT = 1;

export const RECORDS_FILE = "records.bin";
export const INDEX_FILE = "index.bin";
export const META_FILE = "meta.json";

/** How many rejected records a source keeps in meta.json as examples (the summary has them all). */
export const MAX_REJECTED_EXAMPLES = 20;

const countMap = z.record(z.string(), z.number().int().nonnegative());

const sourceMetaSchema = z.object({
  /** Stable name: `osv:PyPI` for the OSV export, the caller's label for imports. */
  name: z.string().min(1),
  kind: z.enum(["import", "osv-export"]),
  /** Where the records came from: a label or path for imports, the export folder URL. */
  location: z.string(),
  /** When this source was last read (ISO 8601). */
  updatedAt: z.string(),
  /**
   * Newest `modified` seen from this source (the export's modified_id.csv, or the records) —
   * incremental updates start from it.
   */
  cursor: z.string().optional(),
  /** Records in the database that came from this source. */
  records: z.number().int().nonnegative(),
  /** Records the last read of this source skipped (other ecosystems, superseded), by reason. */
  skipped: countMap,
  /** Documents the last read of this source rejected as invalid, and the first few errors. */
  rejected: z.number().int().nonnegative(),
  rejectedExamples: z.array(z.string()),
});

/** `meta.json`: what is in the database and where it came from. */
export const advisoryDbMetaSchema = z.object({
  format: z.number().int(),
  /** When the database was last written (ISO 8601); scans warn when it is old. */
  updatedAt: z.string(),
  records: z.object({
    total: z.number().int().nonnegative(),
    withdrawn: z.number().int().nonnegative(),
    /** Records with at least one affected package in the ecosystem. */
    npm: z.number().int().nonnegative(),
    pypi: z.number().int().nonnegative(),
  }),
  sources: z.array(sourceMetaSchema),
  /** Sizes checked on open to catch truncated or mismatched files. */
  files: z.object({
    records: z.number().int().nonnegative(),
    index: z.number().int().nonnegative(),
  }),
});

export type AdvisorySourceMeta = z.infer<typeof sourceMetaSchema>;
export type AdvisoryDbMeta = z.infer<typeof advisoryDbMetaSchema>;

/** meta.json text with a fixed key order, so that equal databases have equal bytes. */
export function serialiseMeta(meta: AdvisoryDbMeta): string {
  const ordered: AdvisoryDbMeta = {
    format: meta.format,
    updatedAt: meta.updatedAt,
    records: {
      total: meta.records.total,
      withdrawn: meta.records.withdrawn,
      npm: meta.records.npm,
      pypi: meta.records.pypi,
    },
    sources: meta.sources.map((source) => ({
      name: source.name,
      kind: source.kind,
      location: source.location,
      updatedAt: source.updatedAt,
      ...(source.cursor === undefined ? {} : { cursor: source.cursor }),
      records: source.records,
      skipped: Object.fromEntries(
        Object.entries(source.skipped).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
      rejected: source.rejected,
      rejectedExamples: source.rejectedExamples,
    })),
    files: { records: meta.files.records, index: meta.files.index },
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
