import { describe, expect, it } from "vitest";
import { can, includesRole, lowerRole, type Principal } from "./principal.js";

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

describe("permissions", () => {
  const principal = (role: Principal["role"], projectIds: string[] | null): Principal => ({
    kind: "token",
    id: "t",
    actor: "token:t",
    role,
    projectIds,
    userId: "u",
  });

  it("limit a scoped principal to its projects, and give it nothing server-wide", () => {
    const scopedAdmin = principal("admin", ["a"]);
    expect(can(scopedAdmin, "project:write", "a")).toBe(true);
    expect(can(scopedAdmin, "project:write", "b")).toBe(false);
    // Lists filter by the principal's projects: reading "any project" is still allowed.
    expect(can(scopedAdmin, "project:read")).toBe(true);
    for (const permission of ["project:create", "audit:read", "users:manage"] as const) {
      expect(can(scopedAdmin, permission)).toBe(false);
      expect(can(principal("admin", null), permission)).toBe(true);
    }
    expect(can(principal("maintainer", ["a"]), "project:create")).toBe(false);
    expect(can(principal("maintainer", null), "project:create")).toBe(true);
  });
});
