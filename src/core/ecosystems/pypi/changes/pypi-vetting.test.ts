import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PypiIndexClient } from "../registry/pypi-index-client.js";
import { type PypiServer, startPypiServer } from "../registry/test-support/pypi-server.js";
import type { PypiAddRequest } from "./pypi-add-request.js";
import { requestedCandidate, requestedRelease } from "./pypi-vetting.js";

describe("vetting a Python release", () => {
  let server: PypiServer;
  beforeAll(async () => {
    server = await startPypiServer();
    server.publish({ name: "relicensed", version: "1.0", kind: "wheel", license: "GPL-3.0-only" });
    server.publish({ name: "relicensed", version: "2.0", kind: "wheel", license: "MIT license" });
  });
  afterAll(() => server.close());

  it("judges the chosen release by its own licence, read as lk licenses reads it", async () => {
    const index = new PypiIndexClient({ indexUrl: server.simpleUrl, jsonApiUrl: server.jsonApiUrl });
    const request: PypiAddRequest = { name: "relicensed", extras: [], specifier: "<2" };
    const { chosen } = await requestedRelease(index, request, server.simpleUrl);
    const old = await requestedCandidate(index, request, chosen, "prod");
    expect(old.release).toMatchObject({ version: "1.0", license: "GPL-3.0-only" });

    const newest = await requestedRelease(index, { ...request, specifier: "" }, server.simpleUrl);
    const candidate = await requestedCandidate(index, request, newest.chosen, "prod");
    // "MIT license" reads as MIT, as the licence report says.
    expect(candidate.release).toMatchObject({ version: "2.0", license: "MIT" });
    expect(server.takeRequests("/pypi/relicensed/1.0/json")).toHaveLength(1);
  });
});
