import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { getCase, listCaseDoses, listCaseEncounters, listCaseReferrals } from "#db/care.server";
import { listFacilityOptions } from "#db/facilities.server";
import { listVaccineItems } from "#db/vaccination.server";
import {
  antenatalEncounterAction,
  cardDoseAction,
  caseIntents,
  childEncounterAction,
  moveCaseAction,
  referralAction,
  referralStatusAction,
  type CaseActionArgs,
} from "~/components/care/case-actions.server";
import { CaseDetails, DoseHistory, EncounterHistory, ReferNowAlert, ReferralList } from "~/components/care/case-record";
import { CardDoseForm } from "~/components/care/card-dose-form";
import { AntenatalEncounterForm, ChildEncounterForm } from "~/components/care/encounter-forms";
import { MoveCaseForm } from "~/components/care/move-case-form";
import { ReferralForm } from "~/components/care/referral-forms";
import { notFound, requireFacility } from "~/lib/auth.server";
import { formActor } from "~/lib/commands/actor.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { getDb } from "~/lib/db.server";
import { suggestsReferral } from "~/lib/domain/care";
import { countryCodes, countryName } from "~/lib/domain/countries";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/form-data.server";
import { intlTag, useI18n } from "~/lib/i18n";
import { resultFor } from "~/lib/intent";
import { readIntent } from "~/lib/intent.server";
import { pageTitle } from "~/lib/meta";
import { outboxAction, outboxResultFor, outboxShouldRevalidate } from "~/lib/outbox/client";
import { can } from "~/lib/permissions";
import { dayOf } from "~/lib/time.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { PageHeader } from "~/components/ui/page-header";
import { ButtonLink } from "~/components/ui/button";

const CASE_CODE = /^[A-Za-z0-9 -]{4,20}$/;

async function loadCase(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  // Identifying data: health workers of the facility and admins only (planners get a 403).
  const { user, facility } = await requireFacility(request, context, params.code, "care:view");
  const code = params.caseCode ?? "";
  // Always looked up at this facility: a case elsewhere in the network is "not found" here.
  const found = CASE_CODE.test(code) ? await getCase(getDb(), facility.id, code) : undefined;
  if (!found) notFound();
  return { user, facility, found };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, facility, found } = await loadCase(request, context, params);
  const db = getDb();
  // Every view of a case is in the audit log.
  await recordCareRead(db, formActor(user, context), facility.id, { of: "case", caseId: found.id, details: { code: found.code } });
  const [encounters, referralRows, doses, facilityOptions, vaccines] = await Promise.all([
    listCaseEncounters(db, found.id),
    listCaseReferrals(db, found.id),
    listCaseDoses(db, found.id),
    listFacilityOptions(db),
    listVaccineItems(db),
  ]);
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const locale = user.preferredLanguage;
  const tag = intlTag(locale);
  const now = new Date();
  const { id: _id, facilityId: _f, ...details } = found;
  return {
    facility: { code: facility.code, name: facility.name },
    careCase: { ...details, nationalityName: found.nationality ? countryName(found.nationality, intlTag(locale)) : null },
    today: dayOf(now),
    timeZone,
    canRecord: can(user.role, "care:record") && user.facilityIds.includes(facility.id),
    encounters,
    referrals: referralRows,
    doses: doses.map(({ itemNameEs, itemNameEn, ...d }) => ({
      ...d,
      itemName: locale === "en" ? itemNameEn : itemNameEs,
      countryName: d.country ? countryName(d.country, tag) : null,
    })),
    // The card-dose form's choices: names in the user's language, from the server so the page renders the same in the browser.
    vaccines: vaccines.map((v) => ({ code: v.code, name: locale === "en" ? v.nameEn : v.nameEs })),
    countries: countryCodes.map((c) => ({ code: c, name: countryName(c, tag) })).sort((a, b) => a.name.localeCompare(b.name, tag)),
    destinations: facilityOptions.filter((f) => f.id !== facility.id).map(({ code, name }) => ({ code, name })),
    defaults: {
      occurredAt: zonedDateTimeLocal(now, timeZone),
      childKey: randomUUID(),
      antenatalKey: randomUUID(),
      referralKey: randomUUID(),
      cardDoseKey: randomUUID(),
    },
  };
}

/** Six forms post here; each submit button names its intent, each intent is one named function. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, facility } = await requireFacility(request, context, params.code, "care:record");
  const code = params.caseCode ?? "";
  const db = getDb();
  const found = CASE_CODE.test(code) ? await getCase(db, facility.id, code) : undefined;
  if (!found) notFound();
  const formData = await readForm(request);
  const intent = readIntent(formData, caseIntents);
  const args: CaseActionArgs = {
    formData,
    db,
    actor: formActor(user, context),
    facility: { id: facility.id, code: facility.code },
    careCase: found,
    timeZone: env().ALBERGUE_TIME_ZONE,
    today: dayOf(new Date()),
  };
  switch (intent) {
    case "child":
      return childEncounterAction(args);
    case "antenatal":
      return antenatalEncounterAction(args);
    case "cardDose":
      return cardDoseAction(args);
    case "referral":
      return referralAction(args);
    case "referralStatus":
      return referralStatusAction(args);
    case "move":
      return moveCaseAction(args);
  }
}

// With JavaScript, an encounter or a card dose the link or the server cannot take is kept on the
// device (the outbox); the page's other forms (referrals, moving the case) fail as before.
export const clientAction = (args: ClientActionFunctionArgs) => outboxAction(args, () => args.serverAction<typeof action>());
export const shouldRevalidate = outboxShouldRevalidate;

export default function CasePage() {
  const { facility, careCase, today, timeZone, encounters, referrals, doses, vaccines, countries, canRecord, destinations, defaults } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>();
  const { t } = useI18n();
  const base = `/facilities/${facility.code}/care/${careCase.code}`;
  const latest = encounters[0];
  const referNow = latest ? suggestsReferral(latest.dangerSigns) : false;
  const encounterProps = { today, timeZone, occurredAt: defaults.occurredAt };
  return (
    <div className="max-w-4xl">
      <PageHeader
        back={{ to: `/facilities/${facility.code}/care`, label: t("care.backToCases") }}
        title={
          <>
            {t("care.caseTitle")} <span className="font-mono">{careCase.code}</span>
          </>
        }
      />
      <div className="mt-2 flex flex-wrap gap-2">
        <ButtonLink to={`${base}/vaccinate`}>{t("care.vaccinate")}</ButtonLink>
        <ButtonLink variant="secondary" to={`${base}/summary`}>
          {t("care.summary")}
        </ButtonLink>
        <a href={`${base}/immunizations.json`} download className="self-center text-sm text-brand-700 underline">
          {t("care.fhir.case")}
        </a>
      </div>
      <CaseDetails careCase={careCase} today={today} />
      {referNow ? <ReferNowAlert canRecord={canRecord} /> : null}
      <EncounterHistory encounters={encounters} />
      <DoseHistory doses={doses} />
      <ReferralList referrals={referrals} canRecord={canRecord} />
      {canRecord ? (
        <>
          {careCase.pregnant ? (
            <AntenatalEncounterForm
              {...encounterProps}
              lastMenstrualPeriod={careCase.lastMenstrualPeriod}
              idempotencyKey={defaults.antenatalKey}
              lastResult={resultFor(actionData, "antenatal")}
              outbox={outboxResultFor(actionData, "antenatalEncounter")}
            />
          ) : (
            <ChildEncounterForm
              {...encounterProps}
              birthDate={careCase.birthDate}
              idempotencyKey={defaults.childKey}
              lastResult={resultFor(actionData, "child")}
              outbox={outboxResultFor(actionData, "childEncounter")}
            />
          )}
          <CardDoseForm
            vaccines={vaccines}
            countries={countries}
            today={today}
            birthDate={careCase.birthDate}
            idempotencyKey={defaults.cardDoseKey}
            lastResult={resultFor(actionData, "cardDose")}
            outbox={outboxResultFor(actionData, "cardDose")}
          />
          <ReferralForm
            timeZone={timeZone}
            occurredAt={defaults.occurredAt}
            idempotencyKey={defaults.referralKey}
            lastResult={resultFor(actionData, "referral")}
          />
          <MoveCaseForm destinations={destinations} lastResult={resultFor(actionData, "move")} />
        </>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "care.caseTitle");

export { ErrorBoundary } from "~/components/route-error-boundary";
