import { randomUUID } from "node:crypto";
import { zonedDateTimeLocal, zonedDay } from "~/lib/time";
import { pathOf } from "./access-matrix";
import type { FacilityCode, World } from "./world";

/**
 * What to send to each route: its URL parameters for a facility of the world, and for every
 * action a valid submission per intent. The access-matrix test sends these (a deny cell must
 * write nothing even for a form that would have been accepted); the bad-input test spoils one
 * field at a time. `text` names the free-text fields, where any string up to the field's limit
 * is legitimate input (stored as typed and escaped on output).
 */

export interface Submission {
  intent: string;
  fields: Record<string, string>;
  text: readonly string[];
}

export interface ApiSubmission {
  body: Record<string, unknown>;
  text: readonly string[];
}

const TZ = "America/Panama";
const now = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), TZ);
const today = () => zonedDay(new Date(), TZ);
const key = () => `k-${randomUUID()}`;

export function paramsFor(route: string, world: World, code: FacilityCode): Record<string, string> {
  const f = world.facilities[code];
  const params: Record<string, string> = {};
  for (const segment of route.replace(/\[\.(csv|json)\]$/, "").split(".")) {
    if (segment === "$") params["*"] = "no-such-page";
    else if (segment === "$code") params.code = route.startsWith("admin.items") ? "RATION-KIT" : code;
    else if (segment === "$id") {
      params.id = route.includes(".entries.")
        ? String(f.entryId)
        : route.includes(".transfers.")
          ? String(f.transferId)
          : route.includes(".shipments.")
            ? String(f.shipmentId)
            : route.includes(".requests.")
              ? String(f.requestId)
              : route.includes(".picking.")
                ? // The pick list at `code` is of the request the other facility raised.
                  String(world.facilities[code === "SVC" ? "LBL" : "SVC"].requestId)
            : route.includes(".scenarios.")
              ? String(world.scenarioId)
              : String(world.editableUserId);
    } else if (segment === "$lotId") params.lotId = String(f.lotId);
    else if (segment === "$sheetId") params.sheetId = String(route.includes(".headcount.") ? f.headcountId : f.sheetId);
    else if (segment === "$caseCode") params.caseCode = f.caseCode;
    else if (segment === "$itemCode") params.itemCode = "RATION-KIT";
    else if (segment === "$table") params.table = "cover";
  }
  return params;
}

export function urlFor(route: string, world: World, code: FacilityCode) {
  const params = paramsFor(route, world, code);
  return { params, path: pathOf(route, params) };
}

/** Valid submissions for each action's intents, for the facility `code` of the world. */
export function submissionsFor(route: string, world: World, code: FacilityCode): Submission[] {
  const f = world.facilities[code];
  const other: FacilityCode = code === "SVC" ? "LBL" : "SVC";
  const one = (fields: Record<string, string>, text: string[] = [], intent = "default"): Submission[] => [{ intent, fields, text }];
  switch (route) {
    case "login":
      return one({ email: world.users.manager.email, password: world.users.manager.password, redirectTo: "/" }, ["email", "password", "redirectTo"]);
    case "logout":
      return one({});
    case "language":
      return one({ language: "en", redirectTo: "/" }, ["redirectTo"]);
    case "admin.items.new":
      return one({ code: `IT-${Date.now().toString(36).toUpperCase()}`, nameEs: "Jabón", nameEn: "Soap", category: "hygiene", unit: "bar", active: "on" }, ["nameEs", "nameEn", "unit"]);
    case "admin.items.$code":
      return one({ code: "RATION-KIT", nameEs: "Kit de ración", nameEn: "Ration kit", category: "food", unit: "kit", active: "on" }, ["nameEs", "nameEn", "unit"]);
    case "admin.norms":
      return one({ stale_after_hours: "13" });
    case "planning.scenarios._index":
      return [{ intent: "create", fields: { intent: "create", name: "Matrix scenario", description: "", idempotencyKey: key() }, text: ["name", "description"] }];
    case "planning.scenarios.$id":
      return [
        { intent: "add-surge", fields: { intent: "add-surge", idempotencyKey: key(), from: today(), days: "14", perDay: "2500", facilityCode: "" }, text: [] },
        { intent: "add-divert", fields: { intent: "add-divert", idempotencyKey: key(), from: today(), toFacilityCode: code, sharePercent: "30", days: "" }, text: [] },
        { intent: "rename", fields: { intent: "rename", idempotencyKey: key(), name: "Renamed", description: "" }, text: ["name", "description"] },
      ];
    case "admin.tokens._index":
      return [
        { intent: "create", fields: { intent: "create", name: "Matrix token", facilities: code }, text: ["name"] },
        { intent: "revoke", fields: { intent: "revoke", tokenId: String(world.otherTokenId) }, text: [] },
      ];
    case "alerts._index":
      return [{ intent: "acknowledge", fields: { intent: "acknowledge", alertId: String(f.alertId) }, text: [] }];
    case "alerts.subscriptions":
      return [
        {
          intent: "subscribe",
          fields: { intent: "subscribe", facility: code, kind: "stockout", channel: "email", webhookUrl: "", webhookSecret: "" },
          // Ignored on the e-mail channel; a webhook's URL and secret are checked when chosen.
          text: ["webhookUrl", "webhookSecret"],
        },
        { intent: "remove", fields: { intent: "remove", subscriptionId: String(world.otherSubscriptionId) }, text: [] },
      ];
    case "admin.dhis2._index":
      return [
        { intent: "settings", fields: { intent: "settings", dataSet: "ALB_WEEKLY", periodType: "week", scheduled: "on" }, text: [] },
        { intent: "org-unit", fields: { intent: "org-unit", facility: code, orgUnit: `OU_${code}` }, text: [] },
      ];
    case "admin.dhis2.mappings":
      return [
        { intent: "add", fields: { intent: "add", indicator: "census", detail: "total", dataElement: "ALB_CENSUS", categoryOptionCombo: "" }, text: [] },
        { intent: "remove", fields: { intent: "remove", mappingId: "1" }, text: [] },
      ];
    case "admin.dhis2.preview":
      return one({ day: today(), mode: "dry-run", idempotencyKey: key() });
    case "admin.users.new":
      return one(
        { email: `new-${randomUUID().slice(0, 8)}@example.test`, password: "a long enough passphrase 42", displayName: "Nueva", role: "manager", preferredLanguage: "es", facilities: code },
        ["displayName", "password"],
      );
    case "admin.users.$id":
      return [
        ...one({ displayName: "Test manager", role: "manager", preferredLanguage: "es", active: "on", facilities: "SVC" }, ["displayName"]),
        { intent: "unlock", fields: { intent: "unlock" }, text: [] },
      ];
    case "facilities.new":
      return one(
        { code: `N${Date.now().toString(36).slice(-5).toUpperCase()}`, name: "Nuevo", kind: "shelter", region: "Darién", beds: "10", coveredAreaM2: "100", waterLitresPerDay: "500", toilets: "2", status: "open", notes: "" },
        ["name", "region", "notes"],
      );
    case "facilities.$code.edit":
      return one(
        { name: `Facility ${code}`, kind: "shelter", region: "Darién", latitude: "8.4", longitude: "-78", beds: "100", coveredAreaM2: "400", waterLitresPerDay: "2000", toilets: "6", status: "open", notes: "" },
        ["name", "region", "notes"],
      );
    case "facilities.$code.arrivals.new":
      return one(
        { idempotencyKey: key(), occurredAt: now(), adultMen: "3", "nationalities[0].country": "HT", "nationalities[0].count": "3", biometricsRegistered: "3", origin: "", notes: "" },
        ["origin", "notes"],
      );
    case "import._index":
      return [{ intent: "commit", fields: { intent: "commit", draftId: world.importDraftId }, text: [] }];
    case "facilities.$code.departures.new":
      return one({ idempotencyKey: key(), occurredAt: now(), adultMen: "1", destination: "", notes: "" }, ["destination", "notes"]);
    case "facilities.$code.entries.$id.reverse":
      return one({ idempotencyKey: key(), reason: "Matrix reversal" }, ["reason"]);
    case "facilities.$code.headcount._index":
      return one({ intent: "open" }, [], "open");
    case "facilities.$code.headcount.$sheetId":
      return [
        { intent: "save", fields: { intent: "save", idempotencyKey: key(), adultMen: "19", adultWomen: "10", reason: "" }, text: ["reason"] },
        {
          intent: "submit",
          fields: {
            intent: "submit",
            idempotencyKey: key(),
            adultMen: "19",
            adultWomen: "10",
            boys0to11m: "0",
            girls0to11m: "0",
            boys1to4: "0",
            girls1to4: "0",
            boys5to17: "0",
            girls5to17: "0",
            pregnant: "0",
            lactating: "0",
            unaccompaniedMinors: "0",
            disabilities: "0",
            reason: "Una salida sin registrar",
          },
          text: ["reason"],
        },
      ];
    case "facilities.$code.transfers.$id.receive":
      return one({ idempotencyKey: key(), occurredAt: now(), adultMen: "2", notes: "" }, ["notes"]);
    case "facilities.$code.stock.receipts.new":
      return one(
        {
          idempotencyKey: key(),
          occurredAt: now(),
          source: "UNICEF",
          documentRef: "",
          "lines[0].item": "RATION-KIT",
          "lines[0].lotNumber": `WORLD-${code}`,
          "lines[0].expiry": "2099-12-31",
          "lines[0].quantity": "5",
          // A vaccine read from its DataMatrix: the GTIN learned once confirmed, the VVM stage at arrival
          // (per site), and a lot number with GS1 characters.
          "lines[1].item": "VAC-MR",
          "lines[1].lotNumber": `MR(${code})+1:A`,
          "lines[1].expiry": "2099-12-31",
          "lines[1].quantity": "2",
          "lines[1].vvmStage": "1",
          "lines[1].gtin": "09506000134352",
          notes: "",
        },
        ["source", "documentRef", "notes", "lines[0].lotNumber", "lines[1].lotNumber"],
      );
    case "facilities.$code.stock.issues.new":
      return one({ idempotencyKey: key(), occurredAt: now(), item: "RATION-KIT", quantity: "1", peopleServed: "1", notes: "" }, ["notes"]);
    case "facilities.$code.stock.adjustments.new":
      return one({ idempotencyKey: key(), occurredAt: now(), lotId: String(f.lotId), quantity: "-1", reason: "damaged", notes: "" }, ["notes"]);
    case "facilities.$code.stock.counts._index":
      return one({ intent: "open" }, [], "open");
    case "facilities.$code.stock.counts.$sheetId":
      return [{ intent: "save", fields: { intent: "save", idempotencyKey: key(), "lines[0].lotId": String(f.lotId), "lines[0].counted": "500" }, text: [] }];
    case "facilities.$code.stock.lots.$lotId":
      // The world's lot is not a vaccine, so a VVM stage here would be refused: the VVM read at
      // arrival is in the receipt's vaccine line above.
      return [{ intent: "condition", fields: { intent: "condition", excursion: "on", note: "" }, text: ["note"] }];
    case "facilities.$code.stock.$itemCode":
      return [{ intent: "orderBasis", fields: { intent: "orderBasis", basis: "consumption", idempotencyKey: key() }, text: [] }];
    case "facilities.$code.stock.shipments.new":
      return one(
        { idempotencyKey: key(), occurredAt: now(), toFacility: other, "lines[0].lot": String(f.lotId), "lines[0].quantity": "1", notes: "" },
        ["notes"],
      );
    case "facilities.$code.stock.shipments.$id.receive":
      return one(
        { idempotencyKey: key(), occurredAt: now(), "lines[0].lotId": String(world.facilities[other].lotId), "lines[0].received": "10", notes: "" },
        ["notes"],
      );
    case "facilities.$code.requests.new":
      return one(
        { idempotencyKey: key(), supplier: other, neededBy: today(), "lines[0].item": "RATION-KIT", "lines[0].quantity": "5", notes: "" },
        ["notes"],
      );
    case "facilities.$code.requests.$id":
      return [
        { intent: "submit", fields: { intent: "submit", idempotencyKey: key() }, text: [] },
        { intent: "close", fields: { intent: "close", idempotencyKey: key(), reason: "" }, text: ["reason"] },
      ];
    case "facilities.$code.requests.review.$id":
      return [
        { intent: "approve", fields: { intent: "approve", idempotencyKey: key(), "lines[0].itemId": "1", "lines[0].approved": "5", reason: "" }, text: ["reason"] },
        { intent: "reject", fields: { intent: "reject", idempotencyKey: key(), reason: "No stock" }, text: ["reason"] },
      ];
    case "facilities.$code.picking.$id":
      return [
        { intent: "start", fields: { intent: "start", idempotencyKey: key() }, text: [] },
        { intent: "confirm", fields: { intent: "confirm", idempotencyKey: key(), "lines[0].lotId": String(f.lotId), "lines[0].quantity": "1", notes: "" }, text: ["notes"] },
      ];
    case "facilities.$code.care.new":
      return one(
        { idempotencyKey: key(), intent: "confirm", name: "Nueva Persona", documentNumber: "", sex: "male", birthMode: "date", birthDate: "2023-01-15", nationality: "VE", familyGroup: "", arrivalDate: today() },
        ["name", "documentNumber", "familyGroup"],
        "confirm",
      );
    case "facilities.$code.care.vials":
      return one({});
    case "facilities.$code.care.$caseCode._index":
      return [
        { intent: "child", fields: { intent: "child", idempotencyKey: key(), occurredAt: now(), weightKg: "12.5", heightCm: "88", muacMm: "140", notes: "" }, text: ["notes"] },
        {
          intent: "referral",
          fields: { intent: "referral", idempotencyKey: key(), occurredAt: now(), hospital: "Hospital de Metetí", urgency: "routine", reason: "Control" },
          text: ["reason", "hospital"],
        },
        { intent: "referralStatus", fields: { intent: "referralStatus", referralId: String(f.referralId), status: "arrived" }, text: [] },
        {
          intent: "cardDose",
          fields: { intent: "cardDose", idempotencyKey: key(), vaccine: "VAC-MR", doseNumber: "1", givenOn: "2023-04-02", place: "Centro de Salud Necoclí", country: "CO", lotNumber: "MR-CARD-1" },
          text: ["place", "lotNumber"],
        },
      ];
    case "facilities.$code.care.$caseCode.vaccinate":
      return [
        { intent: "record", fields: { intent: "record", idempotencyKey: key(), occurredAt: now(), vaccine: "VAC-MR", doseNumber: "1", status: "not_given", notGivenReason: "refused" }, text: [] },
      ];
    default:
      return [];
  }
}

/** Valid JSON bodies for the API's write endpoints. */
export function apiBodyFor(route: string, world: World, code: FacilityCode): ApiSubmission | undefined {
  const at = new Date(Date.now() - 60_000).toISOString();
  switch (route) {
    case "api.v1.facilities.$code.arrivals":
      return { body: { occurredAt: at, adultMen: 2, nationalities: [{ country: "HT", count: 2 }], biometricsRegistered: 2, origin: "", notes: "" }, text: ["origin", "notes"] };
    case "api.v1.facilities.$code.departures":
      return { body: { occurredAt: at, adultMen: 1, notes: "" }, text: ["notes", "destination"] };
    case "api.v1.facilities.$code.stock.receipts":
      return {
        body: { occurredAt: at, source: "UNICEF", lines: [{ item: "RATION-KIT", lotNumber: `WORLD-${code}`, expiry: "2099-12-31", quantity: 3 }] },
        text: ["source", "documentRef", "notes"],
      };
    case "api.v1.facilities.$code.stock.issues":
      return { body: { occurredAt: at, item: "RATION-KIT", quantity: 1, peopleServed: 1 }, text: ["notes"] };
    // A batch is the single endpoint's body with its key, inside "records".
    case "api.v1.facilities.$code.arrivals.batch":
    case "api.v1.facilities.$code.stock.issues.batch": {
      const single = apiBodyFor(route.replace(/\.batch$/, ""), world, code)!;
      return { body: { records: [{ ...single.body, idempotencyKey: key() }] }, text: [] };
    }
    default:
      void world;
      return undefined;
  }
}
