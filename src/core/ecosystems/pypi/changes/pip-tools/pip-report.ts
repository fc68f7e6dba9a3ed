import * as z from "zod";
import { LockkeeperError } from "../../../../errors.js";
import type { MarkerEnvironment } from "./pep508-markers.js";

/** One distribution pip would install, from its installation report. */
export interface ReportItem {
  /** As the distribution's metadata spells it. */
  name: string;
  version: string;
  requiresDist: string[];
  /** Named by the requirements given to pip (not only a dependency). */
  requested: boolean;
  /** Extras the requirements asked for (pip ≥ 23). */
  requestedExtras: string[];
  /** A direct reference (`name @ url`, a local path): the URL, not an index release. */
  directUrl?: string;
  /** sha256 of the archive pip fetched, when it fetched one. */
  downloadedSha256?: string;
}

/** What `pip install --dry-run --report` resolved, in the environment it resolved for. */
export interface PipReport {
  pipVersion: string;
  environment: MarkerEnvironment;
  install: ReportItem[];
}

const itemSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    version: z.string(),
    requires_dist: z.array(z.string()).nullish(),
  }),
  requested: z.boolean().nullish(),
  requested_extras: z.array(z.string()).nullish(),
  is_direct: z.boolean().nullish(),
  download_info: z
    .looseObject({
      url: z.string(),
      archive_info: z.looseObject({ hashes: z.record(z.string(), z.string()).nullish() }).nullish(),
    })
    .nullish(),
});

const reportSchema = z.looseObject({
  pip_version: z.string(),
  install: z.array(itemSchema),
  environment: z.record(z.string(), z.string()),
});

/** Reads pip's installation report (format version 1); PARSE when it is not one. */
export function parsePipReport(text: string): PipReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    throw new LockkeeperError("PARSE", "pip's installation report is not JSON", { cause: error });
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LockkeeperError(
      "PARSE",
      `pip's installation report is not in the expected form (${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""})`,
      { hint: "use pip 23 or later (python3 -m pip install --upgrade pip)" },
    );
  }
  return {
    pipVersion: parsed.data.pip_version,
    environment: parsed.data.environment,
    install: parsed.data.install.map((item) => {
      const result: ReportItem = {
        name: item.metadata.name,
        version: item.metadata.version,
        requiresDist: item.metadata.requires_dist ?? [],
        requested: item.requested === true,
        requestedExtras: item.requested_extras ?? [],
      };
      if (item.is_direct && item.download_info) result.directUrl = item.download_info.url;
      const sha256 = item.download_info?.archive_info?.hashes?.sha256;
      if (sha256) result.downloadedSha256 = sha256;
      return result;
    }),
  };
}
