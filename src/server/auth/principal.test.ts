import { describe, expect, it } from "vitest";
import { includesRole, lowerRole } from "./principal.js";

describe("roles", () => {
  it("include the roles whose permissions they have: admin all, maintainer ci and viewer, the rest themselves", () => {
    expect(includesRole("admin", "maintainer")).toBe(true);
    expect(includesRole("maintainer", "ci")).toBe(true);
    expect(includesRole("maintainer", "viewer")).toBe(true);
    expect(includesRole("maintainer", "admin")).toBe(false);
    expect(includesRole("viewer", "ci")).toBe(false);
    expect(includesRole("ci", "viewer")).toBe(false);
    expect(includesRole("ci", "ci")).toBe(true);
  });

  it("meet at the lower of two, or at nothing when neither includes the other", () => {
    expect(lowerRole("admin", "maintainer")).toBe("maintainer");
    expect(lowerRole("ci", "admin")).toBe("ci");
    expect(lowerRole("viewer", "viewer")).toBe("viewer");
    expect(lowerRole("ci", "viewer")).toBeNull();
  });
});
