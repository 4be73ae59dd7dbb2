import type { z } from "zod";
import { parseWithZod } from "@conform-to/zod/v4";
import { arrivalSchema } from "~/lib/schemas/movement";
import { adjustmentSchema, issueSchema, receiptSchema } from "~/lib/schemas/stock";
import { facilityCreateSchema, facilityUpdateSchema } from "~/lib/schemas/facility";
import { loginSchema } from "~/lib/schemas/login";
import { userCreateSchema, userUpdateSchema } from "~/lib/schemas/user";

/** The message keys of a refused input, by field path ("" for the whole form). */
function problems(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const byPath: Record<string, string[]> = {};
  for (const issue of result.error.issues) (byPath[issue.path.join(".")] ??= []).push(issue.message);
  return byPath;
}

function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`Refused: ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

describe("facility schema", () => {
  const valid = {
    code: "SVC",
    name: "San Vicente",
    kind: "reception_station",
    region: "Darién",
    latitude: 8.4153,
    longitude: -78.0481,
    beds: 544,
    coveredAreaM2: 2200,
    waterLitresPerDay: 12000,
    toilets: 32,
    status: "open",
    notes: "",
  };

  it("accepts a complete facility", () => {
    expect(parsed(facilityCreateSchema, valid)).toMatchObject({ code: "SVC", beds: 544, latitude: 8.4153 });
  });

  it("upper-cases and trims the code", () => {
    expect(parsed(facilityCreateSchema, { ...valid, code: " svc " }).code).toBe("SVC");
    expect(parsed(facilityCreateSchema, { ...valid, code: "lpg2" }).code).toBe("LPG2");
  });

  it.each(["S", "TOOLONGCODE", "SV-C", "SV C", "SVÇ"])("refuses the code %j", (code) => {
    expect(problems(facilityCreateSchema, { ...valid, code })).toEqual({ code: ["validation.codeFormat"] });
  });

  it("requires a code", () => {
    expect(problems(facilityCreateSchema, { ...valid, code: undefined })).toEqual({ code: ["validation.required"] });
  });

  it("refuses negative capacities with the nonNegative message", () => {
    expect(problems(facilityCreateSchema, { ...valid, beds: -1 })).toEqual({ beds: ["validation.nonNegative"] });
    expect(problems(facilityCreateSchema, { ...valid, toilets: -3, coveredAreaM2: -0.5 })).toEqual({
      toilets: ["validation.nonNegative"],
      coveredAreaM2: ["validation.nonNegative"],
    });
    expect(parsed(facilityCreateSchema, { ...valid, beds: 0 }).beds).toBe(0);
  });

  it("counts beds, water and toilets in whole numbers", () => {
    expect(problems(facilityCreateSchema, { ...valid, beds: 10.5 })).toEqual({ beds: ["validation.wholeNumber"] });
    expect(parsed(facilityCreateSchema, { ...valid, coveredAreaM2: 120.5 }).coveredAreaM2).toBe(120.5);
  });

  it("keeps latitude within -90..90 and longitude within -180..180", () => {
    expect(parsed(facilityCreateSchema, { ...valid, latitude: -90, longitude: 180 })).toMatchObject({
      latitude: -90,
      longitude: 180,
    });
    expect(problems(facilityCreateSchema, { ...valid, latitude: 90.01 })).toEqual({ latitude: ["validation.latitude"] });
    expect(problems(facilityCreateSchema, { ...valid, latitude: -91 })).toEqual({ latitude: ["validation.latitude"] });
    expect(problems(facilityCreateSchema, { ...valid, longitude: 180.5 })).toEqual({
      longitude: ["validation.longitude"],
    });
    expect(problems(facilityCreateSchema, { ...valid, longitude: -181 })).toEqual({
      longitude: ["validation.longitude"],
    });
  });

  it("stores missing coordinates as null", () => {
    const { latitude, longitude, ...withoutCoordinates } = valid;
    expect(latitude).toBeDefined();
    expect(longitude).toBeDefined();
    expect(parsed(facilityCreateSchema, withoutCoordinates)).toMatchObject({ latitude: null, longitude: null });
  });

  it("refuses an unknown kind or status", () => {
    expect(problems(facilityCreateSchema, { ...valid, kind: "hotel", status: "maybe" })).toEqual({
      kind: ["validation.choice"],
      status: ["validation.choice"],
    });
  });

  it("does not let an update change the code", () => {
    const { code, ...fields } = valid;
    expect(code).toBe("SVC");
    expect(parsed(facilityUpdateSchema, { ...fields, code: "NEW" })).not.toHaveProperty("code");
  });
});

describe("user schemas", () => {
  const base = {
    email: "Marta.Gestora@Example.org",
    password: "correct horse battery staple",
    displayName: "Marta Gestora",
    preferredLanguage: "es",
  };

  it("stores the email lower-cased", () => {
    expect(parsed(userCreateSchema, { ...base, role: "admin" }).email).toBe("marta.gestora@example.org");
  });

  it("refuses an invalid email", () => {
    expect(problems(userCreateSchema, { ...base, role: "admin", email: "marta@" })).toEqual({
      email: ["validation.email"],
    });
  });

  it.each(["manager", "health_worker"])("requires at least one facility for a %s", (role) => {
    expect(problems(userCreateSchema, { ...base, role })).toEqual({ facilities: ["users.membershipRequired"] });
    expect(problems(userCreateSchema, { ...base, role, facilities: [] })).toEqual({
      facilities: ["users.membershipRequired"],
    });
    expect(parsed(userCreateSchema, { ...base, role, facilities: ["SVC"] }).facilities).toEqual(["SVC"]);
  });

  it.each(["admin", "planner"])("does not require facilities for a %s", (role) => {
    expect(parsed(userCreateSchema, { ...base, role }).facilities).toEqual([]);
  });

  it("applies the password policy", () => {
    expect(problems(userCreateSchema, { ...base, role: "admin", password: "short" })).toEqual({
      password: ["password.tooShort"],
    });
    expect(problems(userCreateSchema, { ...base, role: "admin", password: "Password1234" })).toEqual({
      password: ["password.tooCommon"],
    });
  });

  it("refuses an unknown role or language", () => {
    expect(problems(userCreateSchema, { ...base, role: "root", preferredLanguage: "fr" })).toMatchObject({
      role: ["validation.choice"],
      preferredLanguage: ["validation.choice"],
    });
  });

  it("on update, keeps the password optional but checks it when given, and still requires memberships", () => {
    const update = { displayName: "Marta", role: "manager", preferredLanguage: "en", facilities: ["LBL"] };
    const unchanged = parsed(userUpdateSchema, update);
    expect(unchanged.password).toBeUndefined();
    // An unticked checkbox is absent from the form: the account is then inactive.
    expect(unchanged.active).toBe(false);
    expect(parsed(userUpdateSchema, { ...update, active: true }).active).toBe(true);
    expect(problems(userUpdateSchema, { ...update, password: "short" })).toEqual({ password: ["password.tooShort"] });
    expect(problems(userUpdateSchema, { ...update, facilities: [] })).toEqual({
      facilities: ["users.membershipRequired"],
    });
  });
});

describe("login schema", () => {
  it("normalises the email and requires a password", () => {
    expect(parsed(loginSchema, { email: " Ana@Example.org ", password: "x" }).email).toBe("ana@example.org");
    expect(problems(loginSchema, { email: "ana@example.org", password: "" })).toEqual({
      password: ["validation.required"],
    });
    expect(problems(loginSchema, { email: "not-an-email", password: "x" })).toEqual({ email: ["validation.email"] });
  });
});

describe("counts typed in a form are plain digits", () => {
  // Forms are parsed as the routes do: conform turns the typed text into numbers first.
  const now = () => new Date("2026-12-02T12:00:00Z");
  const arrival = arrivalSchema({ timeZone: "America/Panama", now });
  const arrivalForm = (adultMen: string) => {
    const form = new FormData();
    form.set("idempotencyKey", "key-12345678");
    form.set("occurredAt", "2026-12-02T06:00");
    form.set("adultMen", adultMen);
    form.set("adultWomen", "");
    form.set("nationalities[0].country", "VE");
    form.set("nationalities[0].count", "40");
    const result = parseWithZod(form, { schema: arrival });
    return result.status === "success"
      ? { status: "success", error: undefined, value: result.value }
      : { status: result.status, error: result.error, value: undefined };
  };

  it("refuses 1e3, 4.5, 0x10 and 4 0 instead of reading them as numbers, with one clear message", () => {
    for (const typed of ["1e3", "4.5", "0x10", "4 0", "40a"]) {
      const result = arrivalForm(typed);
      expect(result.status, typed).toBe("error");
      expect(result.error, typed).toEqual({ adultMen: ["validation.digitsOnly"] });
    }
  });

  it("gives a typo like −3 one message, at the field that is wrong, and none under the empty fields", () => {
    for (const typed of ["-3", "\u22123"]) {
      expect(arrivalForm(typed).error).toEqual({ adultMen: ["validation.nonNegative"] });
    }
  });

  it("accepts plain digits, spaces around them, and an empty field as none", () => {
    const result = arrivalForm(" 40 ");
    expect(result.status).toBe("success");
    expect(result.value?.adultMen).toBe(40);
    expect(result.value?.adultWomen).toBe(0);
  });

  it("still takes numbers from a JSON body (the intake API)", () => {
    expect(parsed(arrival, { idempotencyKey: "key-12345678", occurredAt: "2026-12-02T11:00:00Z", adultMen: 2, nationalities: [{ country: "VE", count: 2 }] })).toMatchObject({ adultMen: 2 });
    expect(problems(arrival, { idempotencyKey: "key-12345678", occurredAt: "2026-12-02T11:00:00Z", adultMen: "1e3" })).toEqual({ adultMen: ["validation.digitsOnly"] });
  });

  it("applies to stock quantities and facility counts too; an adjustment may be negative", () => {
    const issue = issueSchema({ timeZone: "America/Panama", now });
    expect(problems(issue, { idempotencyKey: "key-12345678", occurredAt: "2026-12-02T06:00", item: "ORS", quantity: "1e3" })).toMatchObject({ quantity: ["validation.digitsOnly"] });
    expect(problems(facilityCreateSchema, { beds: "1e3" })).toMatchObject({ beds: ["validation.digitsOnly"] });
    const adjustment = adjustmentSchema({ timeZone: "America/Panama", now });
    const base = { idempotencyKey: "key-12345678", occurredAt: "2026-12-02T06:00", lotId: 1, reason: "correction" };
    expect(parsed(adjustment, { ...base, quantity: "-3" })).toMatchObject({ quantity: -3 });
    expect(problems(adjustment, { ...base, quantity: "-1e3" })).toEqual({ quantity: ["validation.digitsOnly"] });
  });
});

describe("receipt of stock", () => {
  const now = () => new Date("2026-12-02T15:00:00Z");
  const items = [{ code: "ORS", lotTracked: true, expires: true, category: "medical" }];
  const receipt = receiptSchema({ timeZone: "America/Panama", now, items });
  const base = { idempotencyKey: "key-12345678", occurredAt: "2026-12-02T09:00", source: "UNICEF" };
  const line = (expiry: string) => ({ item: "ORS", lotNumber: "L1", expiry, quantity: "10" });

  it("refuses a lot already past its expiry on the day it arrives, at that line's expiry field", () => {
    expect(problems(receipt, { ...base, lines: [line("2026-12-03"), { ...line("2026-12-01"), lotNumber: "L9" }] })).toEqual({ "lines.1.expiry": ["stock.receiptExpired"] });
    expect(problems(receipt, { ...base, lines: [{ ...line("2026-11-30"), lotNumber: "L2" }] })).toEqual({ "lines.0.expiry": ["stock.receiptExpired"] });
  });

  it("accepts a lot that expires on the day of the delivery or later", () => {
    expect(parsed(receipt, { ...base, lines: [line("2026-12-02")] }).lines[0]).toMatchObject({ expiry: "2026-12-02", quantity: 10 });
  });

  it("refuses a lot number on an item not tracked by lot, at that line's lot field, as the stock API does", () => {
    const withWater = receiptSchema({ timeZone: "America/Panama", now, items: [...items, { code: "WATER-L", lotTracked: false, expires: false, category: "wash" }] });
    expect(problems(withWater, { ...base, lines: [line("2026-12-03"), { item: "WATER-L", lotNumber: "W1", quantity: "500" }] })).toEqual({
      "lines.1.lotNumber": ["stock.lotNotTracked"],
    });
    expect(parsed(withWater, { ...base, lines: [{ item: "WATER-L", lotNumber: "", quantity: "500" }] }).lines[0]).toMatchObject({ item: "WATER-L", quantity: 500 });
  });
});
