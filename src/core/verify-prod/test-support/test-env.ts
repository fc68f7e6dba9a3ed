import { mkdtempSync, writeFileSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The environment for installs in tests: the machine's, less any npm or pip configuration that
 * could send a request elsewhere than the test's loopback registry (user .npmrc, pip.conf with
 * extra indexes, PIP_* variables), with throwaway caches in `home` (the caller removes it).
 */
export function isolatedInstallEnv(): { env: NodeJS.ProcessEnv; home: string } {
  const home = mkdtempSync(join(tmpdir(), "lk-install-env-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_config_|pip_)/i.test(key)) continue;
    env[key] = value;
  }
  const userconfig = join(home, ".npmrc");
  writeFileSync(userconfig, "");
  const isolated: NodeJS.ProcessEnv = {
    ...env,
    npm_config_userconfig: userconfig,
    npm_config_cache: join(home, "npm-cache"),
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    PIP_CONFIG_FILE: devNull,
    PIP_CACHE_DIR: join(home, "pip-cache"),
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
  };
  return { env: isolated, home };
}
