// Shared by the server's zod schemas and the CLI, so both refuse the same passwords.
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "password1234",
  "contraseña123",
  "contrasena123",
  "qwertyuiop12",
  "administrador",
  "albergue2026!",
  "passwordpassword",
  "iloveyou1234",
  "panama123456",
]);

export const PASSWORD_MIN_LENGTH = 12;

/** Returns a message key when the password is refused. */
export function passwordProblem(password: string): "password.tooShort" | "password.tooCommon" | "password.tooLong" | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "password.tooShort";
  if (password.length > 256) return "password.tooLong";
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || /^(.)\1+$/.test(password)) return "password.tooCommon";
  return null;
}
