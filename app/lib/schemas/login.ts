import { z } from "zod";
import { emailField } from "./common";

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: "validation.required" }).min(1, "validation.required").max(256, "validation.tooLong"),
  redirectTo: z.string().max(2000).optional(),
});
