import { LockkeeperError } from "../../../errors.js";
import { redactUrl } from "../../../http/urls.js";
import { type NpmAuth, type NpmRegistryConfig, nerfDart } from "./npmrc.js";

/** What was asked when a registry refused: shown in the error, never the credentials. */
export interface DeniedRequest {
  /** `lk-pkg`, `the tarball of lk-pkg@1.0.0`. */
  what: string;
  url: string;
  registry: string;
  status: number;
  auth: NpmAuth | undefined;
}

/**
 * The error for a 401/403: which credentials were missing (and where to put them), or which were
 * refused, naming `.npmrc` keys and files but never a token.
 */
export function npmDeniedError(config: NpmRegistryConfig, request: DeniedRequest): LockkeeperError {
  const { what, url, registry, status, auth } = request;
  const shown = redactUrl(registry);
  if (!auth) {
    const wanted = nerfDart(registry) ?? shown;
    const read = config.files.length > 0 ? config.files.join(", ") : "no .npmrc was found";
    return new LockkeeperError(
      "NETWORK",
      `the npm registry at ${shown} wants credentials for ${what} (HTTP ${status}), and none are configured for ${wanted} (read: ${read})`,
      { hint: `add "${wanted}:_authToken=\${NPM_TOKEN}" to the project's .npmrc or ~/.npmrc` },
    );
  }
  const key = config.credentialKeyFor(url) ?? config.credentialKeyFor(registry);
  const unexpanded = auth.token?.includes("${") || auth.basic?.includes("${");
  return new LockkeeperError(
    "NETWORK",
    `the npm registry at ${shown} refused the credentials configured for ${key ?? redactUrl(url)} (HTTP ${status}) when asked for ${what}`,
    {
      hint: unexpanded
        ? "the .npmrc refers to an environment variable that is not set"
        : "check that the token is still valid and may read this package",
    },
  );
}
