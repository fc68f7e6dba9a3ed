import { describe, expect, it } from "vitest";
import { parseCoreMetadata } from "./core-metadata.js";

describe("parseCoreMetadata", () => {
  it("reads repeated headers and continuation lines up to the body", () => {
    const headers = parseCoreMetadata(
      [
        "Metadata-Version: 2.1",
        "Name: example",
        "License: Copyright (c) 2020 Someone",
        "        ",
        "        Permission is hereby granted",
        "       |free of charge",
        "Classifier: License :: OSI Approved :: MIT License",
        "classifier: Programming Language :: Python",
        "",
        "License: not a header, the description",
      ].join("\n"),
    );
    expect(headers.get("license")).toEqual([
      "Copyright (c) 2020 Someone\n\nPermission is hereby granted\nfree of charge",
    ]);
    expect(headers.get("classifier")).toEqual([
      "License :: OSI Approved :: MIT License",
      "Programming Language :: Python",
    ]);
  });
});
