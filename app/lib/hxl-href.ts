// Kept apart from ./hxl (which holds zod schemas) so that the export links, rendered in the
// browser too, do not pull zod into every page that has a CSV link.

/** An export link's twin with `hxl=1` added to whatever query it already has. */
export function withHxl(href: string): string {
  const [path, query = ""] = href.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set("hxl", "1");
  return `${path}?${params}`;
}
