import { describe, expect, it } from "vitest";
import {
  canonicalExceptionId,
  canonicalLicenseId,
  isDeprecatedLicenseId,
  licenseIdByName,
} from "./spdx-ids.js";
import { SPDX_EXCEPTIONS, SPDX_LICENSES } from "./spdx-list.js";

describe("the bundled SPDX list", () => {
  it("holds every licence and exception id of SPDX list 3.29 with names", () => {
    expect(SPDX_LICENSES.trim().split("\n")).toHaveLength(734);
    expect(SPDX_EXCEPTIONS.trim().split("\n")).toHaveLength(86);
    expect(canonicalLicenseId("apache-2.0")).toBe("Apache-2.0");
    expect(canonicalLicenseId("blueoak-1.0.0")).toBe("BlueOak-1.0.0");
    expect(canonicalLicenseId("Classpath-exception-2.0")).toBeUndefined();
    expect(canonicalExceptionId("classpath-exception-2.0")).toBe("Classpath-exception-2.0");
    expect(isDeprecatedLicenseId("GPL-3.0")).toBe(true);
    expect(isDeprecatedLicenseId("GPL-3.0-only")).toBe(false);
    expect(licenseIdByName("The Apache License, Version 2.0")).toBe("Apache-2.0");
    expect(licenseIdByName("Mozilla Public License 2.0")).toBe("MPL-2.0");
    // "GNU General Public License v3.0 only" names GPL-3.0 (deprecated) and GPL-3.0-only: the current id wins.
    expect(licenseIdByName("GNU General Public License v3.0 only")).toBe("GPL-3.0-only");
  });
});
