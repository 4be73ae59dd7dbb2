import { PASSWORD_MIN_LENGTH, passwordProblem } from "~/lib/password-policy";

describe("password policy", () => {
  it("requires at least 12 characters", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(passwordProblem("abcdefghijk")).toBe("password.tooShort");
    expect(passwordProblem("abcdefghijkl")).toBeNull();
    expect(passwordProblem("")).toBe("password.tooShort");
  });

  it("refuses passwords longer than 256 characters", () => {
    expect(passwordProblem("a1".repeat(128))).toBeNull();
    expect(passwordProblem(`${"a1".repeat(128)}x`)).toBe("password.tooLong");
  });

  it("refuses well-known passwords whatever their case", () => {
    expect(passwordProblem("password1234")).toBe("password.tooCommon");
    expect(passwordProblem("Password1234")).toBe("password.tooCommon");
    expect(passwordProblem("CONTRASEÑA123")).toBe("password.tooCommon");
    expect(passwordProblem("Panama123456")).toBe("password.tooCommon");
  });

  it("refuses one character repeated", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toBe("password.tooCommon");
    expect(passwordProblem("111111111111111")).toBe("password.tooCommon");
  });

  it("accepts a long passphrase", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });
});
