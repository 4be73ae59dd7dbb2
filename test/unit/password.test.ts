import { hashPassword, verifyPassword } from "~/lib/password.server";

describe("password hashing", () => {
  const password = "una contraseña larga y rara";

  it("stores an scrypt hash that the same password verifies against", async () => {
    const stored = await hashPassword(password);
    expect(stored.startsWith("scrypt$")).toBe(true);
    expect(stored).not.toContain(password);
    await expect(verifyPassword(password, stored)).resolves.toBe(true);
  });

  it("refuses a wrong password, including one that differs only in case", async () => {
    const stored = await hashPassword(password);
    await expect(verifyPassword("otra contraseña cualquiera", stored)).resolves.toBe(false);
    await expect(verifyPassword(password.toUpperCase(), stored)).resolves.toBe(false);
  });

  it("salts every hash, so two hashes of the same password differ and both verify", async () => {
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).not.toBe(second);
    await expect(verifyPassword(password, first)).resolves.toBe(true);
    await expect(verifyPassword(password, second)).resolves.toBe(true);
  });

  it("treats a malformed or foreign stored hash as a failed check, not a crash", async () => {
    await expect(verifyPassword(password, "")).resolves.toBe(false);
    await expect(verifyPassword(password, "bcrypt$10$abc")).resolves.toBe(false);
    await expect(verifyPassword(password, password)).resolves.toBe(false);
  });
});
