import { join, resolve } from "node:path";
import type { Secrets } from "../../../config/secrets.js";
import { readRegularFile } from "../../../files/read-regular-file.js";
import { parseNpmrc } from "./npmrc-syntax.js";

export const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org";

/** Credentials npm would send with a request: a bearer token, or `basic` (base64 of `user:password`). */
export interface NpmAuth {
  token?: string;
  basic?: string;
}

/** The registry part of npm's configuration: where each package comes from, and with which credentials. */
export interface NpmRegistryConfig {
  /** The default registry, ending with a slash. */
  readonly registry: string;
  /** The configuration files that were read, highest priority first. */
  readonly files: readonly string[];
  /** The registry npm would ask for a package: its scope's `@scope:registry`, else the default; ends with a slash. */
  registryFor(packageName: string): string;
  /**
   * The credentials npm would send to a URL: those of the longest configured `//host[:port]/path`
   * prefix of it, else those of `registry` (default: the default registry) when the URL is on the
   * same host. Undefined when none apply: credentials never go to another host.
   */
  authFor(url: string, registry?: string): NpmAuth | undefined;
  /** The nerf-dart key (`//host[:port]/path/`) npm would look credentials up under for a URL. */
  credentialKeyFor(url: string): string | undefined;
}

/** Where npm's configuration comes from besides the `.npmrc` files. */
export interface NpmConfigSources {
  /** npm's own `npm_config_*` variables, read as npm reads them. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where `${VAR}` in an `.npmrc` is looked up: tokens are usually kept out of the file this way. */
  secrets: Secrets;
  /** The user's home, where `~/.npmrc` is; absent (a server), only the project's `.npmrc` and an explicit `userconfig` are read. */
  home?: string;
}

/**
 * npm's configuration as npm layers it, for the registry settings: environment variables
 * (`npm_config_*`, any case) over the project's `<projectDir>/.npmrc` over the user config
 * (`npm_config_userconfig`, else `~/.npmrc`). Missing files are skipped. The global npmrc and
 * command-line flags are not read.
 */
export function loadNpmConfig(projectDir: string, sources: NpmConfigSources): NpmRegistryConfig {
  const fromEnv = envSettings(sources.env);
  const projectFile = join(resolve(projectDir), ".npmrc");
  const project = readNpmrc(projectFile, sources.secrets);
  const userFile = expandHome(
    fromEnv.get("userconfig") ?? project?.get("userconfig") ?? "~/.npmrc",
    sources.home,
  );
  const user =
    userFile === undefined || userFile === projectFile ? undefined : readNpmrc(userFile, sources.secrets);
  const settings = new Map([...(user ?? []), ...(project ?? []), ...fromEnv]);
  const files = [project && projectFile, user && userFile].filter((file) => file !== undefined);
  return npmConfigFromSettings(settings, files);
}

/** A configuration over settings already merged (`registry`, `@scope:registry`, `//host/:_authToken`, …). */
export function npmConfigFromSettings(
  settings: ReadonlyMap<string, string>,
  files: readonly string[] = [],
): NpmRegistryConfig {
  const registry = withSlash(settings.get("registry") || DEFAULT_NPM_REGISTRY);
  const registryFor = (packageName: string): string => {
    const scope = packageName.startsWith("@") ? packageName.slice(0, packageName.indexOf("/")) : "";
    const scoped = scope ? settings.get(`${scope}:registry`) : undefined;
    return scoped ? withSlash(scoped) : registry;
  };
  const credentialKeyFor = (url: string): string | undefined => {
    const prefix = nerfDart(url);
    for (let key = prefix; key && key.length > 2; key = key.replace(/([^/]+|\/)$/, "")) {
      if (credentialsAt(settings, key)) return key;
    }
    return undefined;
  };
  const authFor = (url: string, from: string = registry): NpmAuth | undefined => {
    const key = credentialKeyFor(url);
    if (key) return credentialsAt(settings, key);
    // npm sends a registry's credentials to the rest of its host (tarballs kept under another path).
    const urlHost = hostOf(url);
    if (!urlHost || urlHost !== hostOf(from)) return undefined;
    const registryKey = credentialKeyFor(from);
    return registryKey ? credentialsAt(settings, registryKey) : undefined;
  };
  return { registry, files, registryFor, authFor, credentialKeyFor };
}

/**
 * The credentials set directly under a nerf-dart key, with npm's precedence: `_authToken`, then
 * `_auth`, then `username` with a base64 `_password`.
 */
function credentialsAt(settings: ReadonlyMap<string, string>, key: string): NpmAuth | undefined {
  const token = settings.get(`${key}:_authToken`);
  if (token) return { token };
  const auth = settings.get(`${key}:_auth`);
  if (auth) return { basic: auth };
  const username = settings.get(`${key}:username`);
  const password = settings.get(`${key}:_password`);
  if (username && password) {
    const plain = Buffer.from(password, "base64").toString("utf8");
    return { basic: Buffer.from(`${username}:${plain}`, "utf8").toString("base64") };
  }
  return undefined;
}

/** `//host[:port]/path` of a URL: protocol, credentials, query and fragment dropped, as npm keys credentials. */
export function nerfDart(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * `npm_config_<key>` variables as npm reads them: any case, empty ones ignored, `_` after the
 * first character meaning `-`, except in nerf-dart keys (`npm_config_//host/:_authToken`).
 */
function envSettings(env: NpmConfigSources["env"]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(name) || !value) continue;
    const raw = name.slice("npm_config_".length);
    settings.set(raw.startsWith("//") ? raw : raw.replace(/(?!^)_/g, "-").toLowerCase(), value);
  }
  return settings;
}

function readNpmrc(file: string, secrets: Secrets): Map<string, string> | undefined {
  let text: string;
  try {
    text = readRegularFile(file, file);
  } catch {
    return undefined;
  }
  return parseNpmrc(text, secrets, file);
}

/** `~/x` under the home folder; undefined when there is none to expand it with. */
function expandHome(path: string, home: string | undefined): string | undefined {
  if (path !== "~" && !path.startsWith("~/")) return resolve(path);
  return home === undefined ? undefined : join(home, path.slice(1));
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
