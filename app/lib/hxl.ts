import { z } from "zod";
import type { Group } from "./domain/population";

/**
 * HXL (Humanitarian Exchange Language, hxlstandard.org, version 1.1) hashtags for the CSV
 * exports: a row under the header that coordination tools (HDX, the HXL Proxy, Tag Assist) read
 * to know what each column means whatever its header says. A hashtag is `#tag` followed by any
 * number of `+attribute`s, lower case letters, digits and underscores, starting with a letter.
 * Core hashtags and attributes are used where the dictionary has one; the others (`+expiry`,
 * `+age1_4`...) are custom attributes, which the standard allows.
 */
export const HXL_TAG_PATTERN = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

/** One column of an export: its header and its HXL hashtag ("" when no tag fits it). */
export type CsvColumn = readonly [header: string, hxl: string];

/**
 * The population groups as HXL: sex (+f/+m) and the core age attributes (+infants under one,
 * +children, +adults), with the exact band as a custom `+ageN_M` attribute, as HDX advises
 * (keep the core age attribute next to the custom one so searches by +children still match).
 */
export const populationGroupHxl: Record<Group, string> = {
  adultMen: "#population+m+adults",
  adultWomen: "#population+f+adults",
  boys0to11m: "#population+m+infants",
  girls0to11m: "#population+f+infants",
  boys1to4: "#population+m+children+age1_4",
  girls1to4: "#population+f+children+age1_4",
  boys5to17: "#population+m+children+age5_17",
  girls5to17: "#population+f+children+age5_17",
  pregnant: "#population+f+pregnant",
  lactating: "#population+f+lactating",
  unaccompaniedMinors: "#population+children+unaccompanied",
  disabilities: "#population+disabled",
};

/** `?hxl=1` asks for the hashtag row; anything else (or nothing) gives the plain file. */
const hxlParam = z.literal("1");
export function wantsHxl(url: URL): boolean {
  return hxlParam.safeParse(url.searchParams.get("hxl")).success;
}

export { withHxl } from "./hxl-href";
