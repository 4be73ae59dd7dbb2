import { z } from "zod";
import { locales } from "../i18n";
import { passwordProblem } from "../password-policy";
import { needsMembership, roles } from "../permissions";
import { choice, emailField, requiredText } from "./common";

const password = z
  .string({ error: "validation.required" })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const facilityCodes = z
  .array(z.string().regex(/^[A-Z0-9]{2,8}$/, "validation.choice"))
  .max(200, "validation.tooLong")
  .optional()
  .transform((v) => v ?? []);

const common = {
  displayName: requiredText(120),
  role: choice(roles),
  preferredLanguage: choice(locales),
  facilities: facilityCodes,
};

function memberships<T extends { role: (typeof roles)[number]; facilities: string[] }>(value: T, ctx: z.RefinementCtx) {
  if (needsMembership(value.role) && value.facilities.length === 0) {
    ctx.addIssue({ code: "custom", path: ["facilities"], message: "users.membershipRequired" });
  }
}

export const userCreateSchema = z.object({ email: emailField, password, ...common }).superRefine(memberships);

export const userUpdateSchema = z
  .object({
    ...common,
    active: z.boolean().optional().transform((v) => v ?? false),
    password: password.optional(),
  })
  .superRefine(memberships);
