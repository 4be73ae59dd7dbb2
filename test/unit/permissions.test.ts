import { can, needsMembership, permissions, roles, seesAllFacilities, type Permission, type Role } from "~/lib/permissions";

// The whole matrix, written out: a new permission or role has to be placed here on purpose.
const matrix: Record<Permission, Record<Role, boolean>> = {
  "facility:view": { admin: true, planner: true, manager: true, health_worker: true },
  "facility:manage": { admin: true, planner: false, manager: false, health_worker: false },
  "user:manage": { admin: true, planner: false, manager: false, health_worker: false },
  "audit:view": { admin: true, planner: false, manager: false, health_worker: false },
  "population:view": { admin: true, planner: true, manager: true, health_worker: true },
  "population:record": { admin: false, planner: false, manager: true, health_worker: false },
  "network:view": { admin: true, planner: true, manager: false, health_worker: false },
  "norms:manage": { admin: true, planner: false, manager: false, health_worker: false },
  "token:manage": { admin: true, planner: false, manager: false, health_worker: false },
  "stock:view": { admin: true, planner: true, manager: true, health_worker: true },
  "stock:record": { admin: false, planner: false, manager: true, health_worker: false },
  "catalogue:manage": { admin: true, planner: false, manager: false, health_worker: false },
  "care:view": { admin: true, planner: false, manager: false, health_worker: true },
  "care:record": { admin: false, planner: false, manager: false, health_worker: true },
  "care:aggregate": { admin: true, planner: true, manager: false, health_worker: true },
  "planning:view": { admin: true, planner: true, manager: false, health_worker: false },
  "planning:scenarios": { admin: true, planner: true, manager: false, health_worker: false },
  "planning:order_basis": { admin: false, planner: true, manager: false, health_worker: false },
  // Requests (issue 17): a station's manager or a planner raises; a planner or an administrator
  // approves; the warehouse's manager picks (membership of the warehouse is checked per route).
  "request:raise": { admin: false, planner: true, manager: true, health_worker: false },
  "request:approve": { admin: true, planner: true, manager: false, health_worker: false },
  "request:pick": { admin: false, planner: false, manager: true, health_worker: false },
  "exchange:manage": { admin: true, planner: false, manager: false, health_worker: false },
};

describe("permissions", () => {
  it("covers every permission and role in the matrix", () => {
    expect(Object.keys(matrix).sort()).toEqual([...permissions].sort());
    expect([...roles].sort()).toEqual(["admin", "health_worker", "manager", "planner"]);
  });

  for (const permission of permissions) {
    it(`grants ${permission} to exactly the intended roles`, () => {
      const granted = Object.fromEntries(roles.map((role) => [role, can(role, permission)]));
      expect(granted).toEqual(matrix[permission]);
    });
  }

  it("lets only the administrator manage users, facilities and read the audit log", () => {
    for (const role of roles) {
      const isAdmin = role === "admin";
      expect(can(role, "user:manage")).toBe(isAdmin);
      expect(can(role, "facility:manage")).toBe(isAdmin);
      expect(can(role, "audit:view")).toBe(isAdmin);
    }
  });

  it("shows every facility to administrators and planners only", () => {
    expect(seesAllFacilities("admin")).toBe(true);
    expect(seesAllFacilities("planner")).toBe(true);
    expect(seesAllFacilities("manager")).toBe(false);
    expect(seesAllFacilities("health_worker")).toBe(false);
  });

  it("ties exactly the roles that do not see everything to facility memberships", () => {
    for (const role of roles) expect(needsMembership(role)).toBe(!seesAllFacilities(role));
  });
});
