import { allGroups } from "~/lib/domain/population";
import { HXL_TAG_PATTERN, populationGroupHxl, wantsHxl, withHxl } from "~/lib/hxl";

describe("HXL", () => {
  it("adds hxl=1 to an export link, keeping its filters", () => {
    expect(withHxl("/network.csv")).toBe("/network.csv?hxl=1");
    expect(withHxl("/facilities/SVC/entries.csv?kind=arrival&from=2026-12-01")).toBe("/facilities/SVC/entries.csv?kind=arrival&from=2026-12-01&hxl=1");
    expect(withHxl("/planning/export/cover.csv?scenario=3&hxl=1")).toBe("/planning/export/cover.csv?scenario=3&hxl=1");
  });

  it("asks for the hashtag row only with hxl=1", () => {
    expect(wantsHxl(new URL("http://x/network.csv?hxl=1"))).toBe(true);
    for (const q of ["", "?hxl=0", "?hxl=true", "?hxl=", "?HXL=1"]) expect(wantsHxl(new URL(`http://x/network.csv${q}`))).toBe(false);
  });

  it("tags every population group with a valid, distinct hashtag", () => {
    const tags = allGroups.map((g) => populationGroupHxl[g]);
    for (const tag of tags) expect(tag).toMatch(HXL_TAG_PATTERN);
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("recognises hashtags with attributes and nothing else", () => {
    for (const ok of ["#date", "#loc+name", "#population+f+children+age1_4", "#adm1+code"]) expect(ok).toMatch(HXL_TAG_PATTERN);
    for (const bad of ["date", "#Loc", "#loc+", "#loc +name", "#1abc", "#loc+name-x", "=#loc"]) expect(bad).not.toMatch(HXL_TAG_PATTERN);
  });
});
