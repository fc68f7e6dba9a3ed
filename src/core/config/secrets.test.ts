import { describe, expect, it } from "vitest";
import { environmentSecrets } from "./secrets.js";

describe("environmentSecrets", () => {
  const env = { NPM_TOKEN: "npm-secret", OTHER: "other-secret" };

  it("reads any variable when any is allowed; unset is undefined", () => {
    const secrets = environmentSecrets(env, "any");
    expect(secrets.read("NPM_TOKEN", "the npm token")).toBe("npm-secret");
    expect(secrets.read("UNSET", "the npm token")).toBeUndefined();
  });

  it("refuses a variable off the allow-list, naming it, its purpose and the way to allow it", () => {
    const secrets = environmentSecrets(env, ["NPM_TOKEN"]);
    expect(secrets.read("NPM_TOKEN", "the npm token")).toBe("npm-secret");
    let error: unknown;
    try {
      secrets.read("OTHER", "the token for the Python index (registries.pypiTokenEnv)");
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "CONFIG",
      message:
        "the configuration asks for the environment variable OTHER (the token for the Python index (registries.pypiTokenEnv)), which is not allowed here",
      hint: "the operator allows it by adding OTHER to the environment variables projects may read",
    });
    expect(JSON.stringify(error) + String(error)).not.toContain("other-secret");
  });
});
