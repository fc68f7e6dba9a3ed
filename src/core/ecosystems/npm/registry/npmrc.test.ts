// biome-ignore-all lint/suspicious/noTemplateCurlyInString: .npmrc files spell variables as ${NAME}; these strings are .npmrc text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { environmentSecrets } from "../../../config/secrets.js";
import { loadNpmConfig, npmConfigFromSettings } from "./npmrc.js";
import { expandEnv, parseNpmrc } from "./npmrc-syntax.js";

const ENV = environmentSecrets({ NPM_TOKEN: "s3cret", EMPTY: "" }, "any");
/** The sources of a CLI run with this environment and home folder. */
const sources = (env: Record<string, string>, home: string) => ({
  env,
  secrets: environmentSecrets(env, "any"),
  home,
});

describe("parseNpmrc", () => {
  it.each([
    ["key=value", { key: "value" }],
    ["  key  =  value  ", { key: "value" }],
    ["; a comment\n# another\n\nkey=value", { key: "value" }],
    ["key=value ; trailing comment", { key: "value" }],
    ["key=value # trailing comment", { key: "value" }],
    ["key=a\\;b\\#c", { key: "a;b#c" }],
    ['key="quoted ; value"', { key: "quoted ; value" }],
    ['key="json \\"escapes\\""', { key: 'json "escapes"' }],
    ["key='single # quoted'", { key: "single # quoted" }],
    ["key=a=b", { key: "a=b" }],
    ["key=true", { key: "true" }],
    ["first=1\r\nsecond=2", { first: "1", second: "2" }],
    ["later=1\nlater=2", { later: "2" }],
    ["no-equals-sign\n=no key", {}],
    ["top=1\n[section]\ninside=2", { top: "1" }],
    ["//host/:_authToken=${NPM_TOKEN}", { "//host/:_authToken": "s3cret" }],
    [
      "@scope:registry=https://r.example/${UNSET_VAR}",
      { "@scope:registry": "https://r.example/${UNSET_VAR}" },
    ],
    ["${NPM_TOKEN}-key=v", { "s3cret-key": "v" }],
  ])("%j", (text, expected) => {
    expect(Object.fromEntries(parseNpmrc(text, ENV))).toEqual(expected);
  });
});

describe("expandEnv", () => {
  it.each([
    ["${NPM_TOKEN}", "s3cret"],
    ["a${NPM_TOKEN}b${NPM_TOKEN}", "as3cretbs3cret"],
    ["${UNSET_VAR}", "${UNSET_VAR}"],
    ["${UNSET_VAR?}", ""],
    ["${EMPTY}", ""],
    ["\\${NPM_TOKEN}", "${NPM_TOKEN}"],
    ["\\\\${NPM_TOKEN}", "\\s3cret"],
    ["$NPM_TOKEN", "$NPM_TOKEN"],
  ])("%s → %s", (text, expected) => {
    expect(expandEnv(text, ENV, "a test")).toBe(expected);
  });
});

describe("loadNpmConfig", () => {
  const root = mkdtempSync(join(tmpdir(), "lk-npmrc-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let count = 0;
  /** A project folder and a home folder with the given .npmrc files. */
  const setup = (files: { project?: string; user?: string }) => {
    const base = join(root, String(count++));
    const project = join(base, "project");
    const home = join(base, "home");
    mkdirSync(project, { recursive: true });
    mkdirSync(home, { recursive: true });
    if (files.project !== undefined) writeFileSync(join(project, ".npmrc"), files.project);
    if (files.user !== undefined) writeFileSync(join(home, ".npmrc"), files.user);
    return { project, home, base };
  };

  it("uses the public registry when nothing is configured", () => {
    const { project, home } = setup({});
    const config = loadNpmConfig(project, sources({}, home));
    expect(config.registry).toBe("https://registry.npmjs.org/");
    expect(config.registryFor("@any/pkg")).toBe("https://registry.npmjs.org/");
    expect(config.files).toEqual([]);
    expect(config.authFor("https://registry.npmjs.org/left-pad")).toBeUndefined();
  });

  it("layers environment over project over user, per setting", () => {
    const { project, home } = setup({
      user: "registry=https://user.example/\n@a:registry=https://user-a.example\n@b:registry=https://user-b.example/\n",
      project: "registry=https://project.example/npm\n@a:registry=https://project-a.example/\n",
    });
    const fromFiles = loadNpmConfig(project, sources({}, home));
    expect(fromFiles.registry).toBe("https://project.example/npm/");
    expect(fromFiles.registryFor("plain")).toBe("https://project.example/npm/");
    expect(fromFiles.registryFor("@a/x")).toBe("https://project-a.example/");
    expect(fromFiles.registryFor("@b/x")).toBe("https://user-b.example/");
    expect(fromFiles.registryFor("@c/x")).toBe("https://project.example/npm/");
    expect(fromFiles.files).toEqual([join(project, ".npmrc"), join(home, ".npmrc")]);

    for (const name of ["npm_config_registry", "NPM_CONFIG_REGISTRY"]) {
      const config = loadNpmConfig(project, sources({ [name]: "https://env.example/" }, home));
      expect(config.registry).toBe("https://env.example/");
      expect(config.registryFor("@a/x")).toBe("https://project-a.example/");
    }
    // npm ignores empty variables.
    expect(loadNpmConfig(project, sources({ npm_config_registry: "" }, home)).registry).toBe(
      "https://project.example/npm/",
    );
  });

  it("reads the user config named by NPM_CONFIG_USERCONFIG instead of ~/.npmrc", () => {
    const { project, home, base } = setup({ user: "registry=https://home.example/\n" });
    const other = join(base, "other-npmrc");
    writeFileSync(other, "registry=https://other.example/\n");
    const config = loadNpmConfig(project, sources({ NPM_CONFIG_USERCONFIG: other }, home));
    expect(config.registry).toBe("https://other.example/");
    expect(config.files).toEqual([other]);
  });

  it("expands ${VAR} in tokens from the environment it is given", () => {
    const { project, home } = setup({ project: "//r.example/:_authToken=${NPM_TOKEN}\n" });
    expect(
      loadNpmConfig(project, sources({ NPM_TOKEN: "from-env" }, home)).authFor("https://r.example/x"),
    ).toEqual({
      token: "from-env",
    });
  });

  it("reads ${VAR} only through the secrets it is given", () => {
    const { project, home } = setup({ project: "//r.example/:_authToken=${NPM_TOKEN}\n" });
    const env = { NPM_TOKEN: "from-env" };
    const secrets = environmentSecrets(env, ["OTHER_TOKEN"]);
    expect(() => loadNpmConfig(project, { env, secrets, home })).toThrow(
      expect.objectContaining({
        code: "CONFIG",
        message: expect.stringContaining(`NPM_TOKEN (\${…} in ${join(project, ".npmrc")})`),
      }),
    );
  });

  it("takes nerf-darted credentials from environment variables", () => {
    const { project, home } = setup({});
    const config = loadNpmConfig(
      project,
      sources({ "npm_config_//r.example/:_authToken": "env-token" }, home),
    );
    expect(config.authFor("https://r.example/pkg")).toEqual({ token: "env-token" });
  });
});

describe("authFor", () => {
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");
  const config = npmConfigFromSettings(
    new Map([
      ["registry", "https://registry.example/npm/"],
      ["@corp:registry", "https://corp.example:8443/repo/npm/"],
      ["//registry.example/npm/:_authToken", "root-token"],
      ["//registry.example/npm/private/:_authToken", "deeper-token"],
      ["//registry.example/npm/private/:_auth", basic("ignored", "because-token-wins")],
      ["//corp.example:8443/repo/npm/:username", "alice"],
      ["//corp.example:8443/repo/npm/:_password", Buffer.from("pa:ss").toString("base64")],
      ["//basic.example/:_auth", basic("bob", "pw")],
      ["//lonely.example/:username", "no-password"],
    ]),
  );

  it.each([
    ["the registry itself", "https://registry.example/npm/", undefined, { token: "root-token" }],
    ["a path below it", "https://registry.example/npm/left-pad", undefined, { token: "root-token" }],
    [
      "the longest configured prefix",
      "https://registry.example/npm/private/x",
      undefined,
      { token: "deeper-token" },
    ],
    // npm walks up by whole segments: `/npm/private` is checked as `…/npm/private:` then `…/npm/`.
    [
      "the deeper path without its slash",
      "https://registry.example/npm/private",
      undefined,
      { token: "root-token" },
    ],
    ["http as well as https", "http://registry.example/npm/x", undefined, { token: "root-token" }],
    [
      "the same host, another path: the registry's",
      "https://registry.example/files/x.tgz",
      undefined,
      { token: "root-token" },
    ],
    ["another host", "https://evil.example/npm/x", undefined, undefined],
    ["the same host on another port", "https://registry.example:8080/npm/x", undefined, undefined],
    ["a host whose name only starts the same", "https://registry.example.evil/npm/x", undefined, undefined],
    [
      "username and base64 _password",
      "https://corp.example:8443/repo/npm/@corp%2fx",
      undefined,
      { basic: basic("alice", "pa:ss") },
    ],
    ["_auth", "https://basic.example/pkg", undefined, { basic: basic("bob", "pw") }],
    ["a username alone is nothing", "https://lonely.example/pkg", undefined, undefined],
    [
      "same host as a scoped registry",
      "https://corp.example:8443/tarballs/x.tgz",
      "https://corp.example:8443/repo/npm/",
      { basic: basic("alice", "pa:ss") },
    ],
    ["not a URL", "not a url", undefined, undefined],
  ])("%s", (_case, url, registry, expected) => {
    expect(config.authFor(url, registry)).toEqual(expected);
  });

  it("names the key credentials come from", () => {
    expect(config.credentialKeyFor("https://registry.example/npm/private/x")).toBe(
      "//registry.example/npm/private/",
    );
    expect(config.credentialKeyFor("https://registry.example/npm/x")).toBe("//registry.example/npm/");
    expect(config.credentialKeyFor("https://elsewhere.example/")).toBeUndefined();
  });
});
