import type { MessageKey } from "./i18n";
import type { Role } from "./permissions";

export interface NavItem {
  to: string;
  label: MessageKey;
}

/** Each role's own navigation; later modules add their entries here. */
export const navigation: Record<Role, NavItem[]> = {
  admin: [
    { to: "/planning", label: "nav.planning" },
    { to: "/network", label: "nav.networkStatus" },
    { to: "/facilities", label: "nav.facilities" },
    { to: "/admin/users", label: "nav.users" },
    { to: "/admin/norms", label: "nav.norms" },
    { to: "/admin/items", label: "nav.items" },
    { to: "/admin/tokens", label: "nav.tokens" },
    { to: "/admin/dhis2", label: "nav.dhis2" },
    { to: "/admin/audit", label: "nav.audit" },
  ],
  planner: [
    { to: "/planning", label: "nav.planning" },
    { to: "/planning/scenarios", label: "nav.scenarios" },
    { to: "/network", label: "nav.networkStatus" },
    { to: "/facilities", label: "nav.network" },
  ],
  manager: [{ to: "/facilities", label: "nav.myFacilities" }],
  health_worker: [{ to: "/facilities", label: "nav.myFacilities" }],
};
