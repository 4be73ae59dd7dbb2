import { expect, test } from "./fixtures";
import { accounts, expectNoAxeViolations, login, mainNavLinks } from "./support";

// Each role sees its own navigation and nothing else (app/lib/nav.ts).
const expected = [
  { role: "administrator", email: accounts.admin, name: "Ana Administradora", roleName: "Administración", links: ["Planificación", "Estado de la red", "Instalaciones", "Usuarios", "Normas", "Catálogo", "Tokens de API", "DHIS2", "Registro de auditoría"], home: /\/facilities$/ },
  { role: "planner", email: accounts.planner, name: "Pedro Planificador", roleName: "Planificación", links: ["Planificación", "Escenarios", "Estado de la red", "Red de instalaciones"], home: /\/planning$/ },
  { role: "shelter manager", email: accounts.manager, name: "Marta Gestora", roleName: "Gestión de albergue", links: ["Mis instalaciones"], home: /\/facilities$/ },
  { role: "health worker", email: accounts.health, name: "Hugo Salud", roleName: "Personal de salud", links: ["Mis instalaciones"], home: /\/facilities$/ },
];

for (const { role, email, name, roleName, links, home } of expected) {
  test(`the ${role} sees only their own navigation`, async ({ page }) => {
    await login(page, email);
    await expect(page).toHaveURL(home);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`Sesión de ${name} (${roleName})`);
    await expect(mainNavLinks(page)).toHaveText(links);
    if (!links.includes("Usuarios")) {
      await expect(page.getByRole("link", { name: "Usuarios" })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Registro de auditoría" })).toHaveCount(0);
    }
    await expectNoAxeViolations(page);
  });
}

for (const { role, email } of [expected[1]!, expected[2]!]) {
  test(`the ${role} is refused the user administration`, async ({ page }) => {
    await login(page, email);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acceso denegado");
    await expect(page.getByText("Su cuenta no tiene permiso para ver esta página.")).toBeVisible();
    // Still inside the shell, still signed in.
    await expect(mainNavLinks(page)).toHaveCount(role === "planner" ? 4 : 1);
    await expectNoAxeViolations(page);
  });
}
