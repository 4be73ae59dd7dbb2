import { alertKey, digestDay, escalationDue, localDayHour, nextEscalation } from "~/lib/domain/alert-delivery";
import { esAlerts } from "~/lib/i18n/alerts.es";
import { enAlerts } from "~/lib/i18n/alerts.en";
import { frAlerts } from "~/lib/i18n/alerts.fr";

const at = (iso: string) => new Date(iso);

describe("the alert key (what makes an alert the same one from one recompute to the next)", () => {
  it("is the facility, the item, the kind and the day, not the figures", () => {
    expect(alertKey({ facilityCode: "SVC", itemCode: "RATION-KIT", kind: "stockout", day: "2026-12-04" })).toBe("SVC/RATION-KIT/stockout/2026-12-04");
    expect(alertKey({ facilityCode: "SVC", itemCode: null, kind: "saturation", day: "2026-12-06" })).toBe("SVC/-/saturation/2026-12-06");
    expect(alertKey({ facilityCode: "BCH", itemCode: null, kind: "stale", day: null })).toBe("BCH/-/stale/-");
  });
});

describe("escalation (norm alert_ack_hours)", () => {
  const sent = { criticalAt: at("2026-12-02T12:00:00Z"), escalatedAt: null, acknowledgedAt: null, clearedAt: null, escalationLevel: 0 };

  it("climbs after the norm's hours without an acknowledgement: subscribers, then planners, then administrators", () => {
    // Sent at 12:00 with a 4-hour norm: at 15:59 it waits, at 16:00 it goes to the planners.
    expect(escalationDue(sent, 4, at("2026-12-02T15:59:00Z"))).toBe(false);
    expect(escalationDue(sent, 4, at("2026-12-02T16:00:00Z"))).toBe(true);
    expect(nextEscalation(0)).toEqual({ level: 1, role: "planner" });
    // Escalated at 16:00: the administrators at 20:00.
    const toPlanners = { ...sent, escalationLevel: 1, escalatedAt: at("2026-12-02T16:00:00Z") };
    expect(escalationDue(toPlanners, 4, at("2026-12-02T19:59:00Z"))).toBe(false);
    expect(escalationDue(toPlanners, 4, at("2026-12-02T20:00:00Z"))).toBe(true);
    expect(nextEscalation(1)).toEqual({ level: 2, role: "admin" });
    // The top of the ladder: nothing further.
    expect(nextEscalation(2)).toBeNull();
    expect(escalationDue({ ...toPlanners, escalationLevel: 2 }, 4, at("2026-12-05T00:00:00Z"))).toBe(false);
  });

  it("stops when someone acknowledges it or the plan no longer raises it, and never starts for a warning", () => {
    const later = at("2026-12-03T12:00:00Z");
    expect(escalationDue({ ...sent, acknowledgedAt: at("2026-12-02T13:00:00Z") }, 4, later)).toBe(false);
    expect(escalationDue({ ...sent, clearedAt: at("2026-12-02T13:00:00Z") }, 4, later)).toBe(false);
    expect(escalationDue({ ...sent, criticalAt: null }, 4, later)).toBe(false);
  });
});

describe("the daily digest's day (norm alert_digest_hour, on the deployment's clock)", () => {
  it("is due from the digest hour in Panama (UTC-5), for Panama's calendar day", () => {
    expect(digestDay(at("2026-12-02T11:59:00Z"), "America/Panama", 7)).toBeNull(); // 06:59
    expect(digestDay(at("2026-12-02T12:00:00Z"), "America/Panama", 7)).toBe("2026-12-02"); // 07:00
    // 23:30 in Panama is already 3 Dec in UTC: still the digest of 2 Dec.
    expect(digestDay(at("2026-12-03T04:30:00Z"), "America/Panama", 7)).toBe("2026-12-02");
    expect(localDayHour(at("2026-12-03T04:30:00Z"), "America/Panama")).toEqual({ day: "2026-12-02", hour: 23 });
  });
});

describe("the alert catalogues", () => {
  const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|\s*,\s*plural\s*,)/g)].map((m) => m[1]))].sort();
  it("have the same keys and parameters in Spanish, English and French", () => {
    for (const other of [enAlerts, frAlerts]) {
      expect(Object.keys(other).sort()).toEqual(Object.keys(esAlerts).sort());
      for (const [key, text] of Object.entries(esAlerts)) {
        expect(placeholders(other[key as keyof typeof esAlerts]), key).toEqual(placeholders(text));
      }
    }
  });
});
