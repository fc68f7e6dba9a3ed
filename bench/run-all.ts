import { benchAdvisoryDb } from "./advisory-db.js";
import { benchCheckImports } from "./check-imports.js";
import { benchCliStartup } from "./cli-startup.js";
import { benchHistory } from "./history.js";
import { benchMatching } from "./matching.js";
import { benchNotifications } from "./notifications.js";
import { benchParseLockfiles } from "./parse-lockfiles.js";
import { benchSbom } from "./sbom-vs-cyclonedx-npm.js";
import { benchScanEndToEnd } from "./scan-end-to-end.js";
import { benchServerIngest } from "./server-ingest.js";
import { benchServerPortfolio } from "./server-portfolio.js";
import { benchOutdated, benchUpdateBranches } from "./update-loop.js";

/** `npm run bench`: every benchmark, figures printed; nothing here fails a build. */
console.log(`Lockkeeper benchmarks — node ${process.version}, ${new Date().toISOString()}`);
benchParseLockfiles();
benchCliStartup();
benchSbom();
benchScanEndToEnd();
benchHistory();
await benchMatching();
await benchCheckImports();
console.log("\n## Advisory database: open, query, memory (fresh child process per database)\n");
await benchAdvisoryDb();
await benchOutdated();
await benchUpdateBranches();
await benchServerIngest();
await benchServerPortfolio();
await benchNotifications();
