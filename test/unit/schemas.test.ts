import type { z } from "zod";
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
