import { describe, expect, it } from "vitest";
import { pythonLicense } from "./license-metadata.js";

describe("pythonLicense", () => {
  const MIT = "License :: OSI Approved :: MIT License";
  const BSD = "License :: OSI Approved :: BSD License";
  const APACHE = "License :: OSI Approved :: Apache Software License";
  const cases: [
    fields: Parameters<typeof pythonLicense>[0],
    expression: string | undefined,
    field: string,
    raw: string,
  ][] = [
    [
      { licenseExpression: "MIT OR Apache-2.0", license: "MIT", classifiers: [MIT] },
      "MIT OR Apache-2.0",
      "License-Expression",
      "MIT OR Apache-2.0",
    ],
    [{ license: "Apache 2.0", classifiers: [APACHE] }, "Apache-2.0", "License", "Apache 2.0"],
    [{ license: "UNKNOWN", classifiers: [MIT] }, "MIT", "Classifier", MIT],
    [
      { license: "Copyright (c) 2010 Someone\n\nPermission is hereby granted", classifiers: [MIT] },
      "MIT",
      "Classifier",
      MIT,
    ],
    [
      { classifiers: [MIT, "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)"] },
      "MIT OR MPL-2.0",
      "Classifier",
      `${MIT}; License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)`,
    ],
    [
      { classifiers: ["License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)"] },
      "BSL-1.0",
      "Classifier",
      "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)",
    ],
    [
      { classifiers: ["License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)"] },
      "GPL-2.0-or-later",
      "Classifier",
      "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
    ],
    // Ambiguous everywhere: the first field present is shown as unknown.
    [{ license: "BSD", classifiers: [BSD] }, undefined, "License", "BSD"],
    [{ classifiers: [APACHE, BSD] }, undefined, "Classifier", `${APACHE}; ${BSD}`],
    [
      { classifiers: ["License :: OSI Approved :: GNU General Public License (GPL)"] },
      undefined,
      "Classifier",
      "License :: OSI Approved :: GNU General Public License (GPL)",
    ],
  ];

  it.each(cases)("%j → %s", (fields, expression, field, raw) => {
    const result = pythonLicense(fields);
    expect(result?.license.expression).toBe(expression);
    expect(result?.field).toBe(field);
    expect(result?.license.raw).toBe(raw);
  });

  it("ignores classifiers that are not about licences", () => {
    expect(pythonLicense({ classifiers: ["Programming Language :: Python :: 3"] })).toBeUndefined();
  });
});
