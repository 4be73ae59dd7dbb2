export const roles = ["admin", "planner", "manager", "health_worker"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  "facility:view",
  "facility:manage",
  "user:manage",
  "audit:view",
  // See a facility's census, capacity, roll-ups and entries (aggregate counts, no names).
  "population:view",
  // Record arrivals, departures, transfers and corrections at a facility one belongs to.
  "population:record",
  // The network page: every facility at once.
  "network:view",
  "norms:manage",
  "token:manage",
] as const;
export type Permission = (typeof permissions)[number];

const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [
    "facility:view",
    "facility:manage",
    "user:manage",
    "audit:view",
    "population:view",
    "network:view",
    "norms:manage",
    "token:manage",
  ],
  planner: ["facility:view", "population:view", "network:view"],
  manager: ["facility:view", "population:view", "population:record"],
  health_worker: ["facility:view", "population:view"],
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].includes(permission);
}

/** Roles that see every facility; the others see only the facilities they belong to. */
export function seesAllFacilities(role: Role): boolean {
  return role === "admin" || role === "planner";
}

/** Roles whose accounts are tied to facilities by membership. */
export function needsMembership(role: Role): boolean {
  return role === "manager" || role === "health_worker";
}
