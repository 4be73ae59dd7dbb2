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
  // See a facility's stock, stock cards and shipments.
  "stock:view",
  // Receive, issue, adjust, ship, count and quarantine stock at a facility one belongs to.
  "stock:record",
  // The item catalogue, its norms and per-facility lead times.
  "catalogue:manage",
  // Identifying care records (children, pregnant women) of a facility one belongs to; every view is audited.
  "care:view",
  // Register cases, record encounters, doses and referrals.
  "care:record",
  // Aggregate care counts only (no person): cases by type and status, SAM/MAM, doses, referrals.
  "care:aggregate",
  // The planner dashboard, projections, alerts and the situation report (aggregates, every facility).
  "planning:view",
  // Create, edit and archive "what if" scenarios.
  "planning:scenarios",
  // Choose what drives an item's suggested order at a facility: the norm or the actual consumption.
  "planning:order_basis",
  // Raise a stock request for a facility (a manager for theirs, a planner for any) and submit it.
  "request:raise",
  // Approve (changing quantities, with a reason) or reject a submitted request.
  "request:approve",
  // Pick, pack and ship approved requests at a warehouse one belongs to.
  "request:pick",
  // The DHIS2 push: its mappings, a preview of what would be sent, pushes and their log (aggregates only).
  "exchange:manage",
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
    "stock:view",
    "catalogue:manage",
    "care:view",
    "care:aggregate",
    "planning:view",
    "planning:scenarios",
    "request:approve",
    "exchange:manage",
  ],
  planner: [
    "facility:view",
    "population:view",
    "network:view",
    "stock:view",
    "care:aggregate",
    "planning:view",
    "planning:scenarios",
    "planning:order_basis",
    "request:raise",
    "request:approve",
  ],
  manager: ["facility:view", "population:view", "population:record", "stock:view", "stock:record", "request:raise", "request:pick"],
  health_worker: ["facility:view", "population:view", "stock:view", "care:view", "care:record", "care:aggregate"],
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
