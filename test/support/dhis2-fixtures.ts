/**
 * DHIS2's own examples of a dataValueSets request and of its import summaries, copied from its
 * documentation (dhis2/dhis2-docs, the source of docs.dhis2.org; the commit read is 06b3727 of
 * 2026-08-21) so the tests hold Albergue's payload and its summary parsing against what DHIS2
 * documents rather than against what Albergue expects. Where a shape is assembled (the
 * conflicts), the comment says from what.
 */

/**
 * "In JSON format:" under "Sending data values", the Mortality < 5 years example (data set
 * pBOMPrpg1QX, January 2014, Ngelehun CHC): three data values on the default category option
 * combination, so without categoryOptionCombo. The docs' `completeDate` is left out: Albergue
 * does not mark data sets complete (the ministry's staff do, in DHIS2).
 * https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/data.html#webapi_sending_data_values
 * (src/developer/web-api/data.md)
 */
export const documentedDataValueSet = {
  dataSet: "pBOMPrpg1QX",
  period: "201401",
  orgUnit: "DiszpKrYNg8",
  dataValues: [
    { dataElement: "f7n9E0hX8qk", value: "1" },
    { dataElement: "Ix2HsbDMLea", value: "2" },
    { dataElement: "eY5ehpbEsB7", value: "3" },
  ],
};

/**
 * The import parameters table of the same page (#webapi_data_values_import_parameters): the
 * values DHIS2 accepts for the three parameters Albergue sends.
 */
export const documentedImportParameters = {
  idScheme: ["uid", "name", "code"],
  dryRun: ["false", "true"],
  importStrategy: ["CREATE", "UPDATE", "CREATE_AND_UPDATE", "DELETE"],
};

/**
 * The import summary of a data value import as versions before 2.38 return it from
 * POST /api/dataValueSets, unwrapped: the docs show it for the DATAVALUE_IMPORT task summary
 * (the same ImportSummary object, under "Task summaries").
 * https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/maintenance.html#webapi_system_resource_task_summaries
 * (src/developer/web-api/maintenance.md)
 */
export const documentedImportSummary = {
  responseType: "ImportSummary",
  status: "SUCCESS",
  importOptions: {
    idSchemes: {},
    dryRun: false,
    async: true,
    importStrategy: "CREATE_AND_UPDATE",
    reportMode: "FULL",
    skipExistingCheck: false,
    sharing: false,
    skipNotifications: false,
    datasetAllowsPeriods: false,
    strictPeriods: false,
    strictCategoryOptionCombos: false,
    strictAttributeOptionCombos: false,
    strictOrganisationUnits: false,
    requireCategoryOptionCombo: false,
    requireAttributeOptionCombo: false,
    skipPatternValidation: false,
  },
  description: "Import process completed successfully",
  importCount: { imported: 0, updated: 431, ignored: 0, deleted: 0 },
  dataSetComplete: "false",
};

/**
 * The web message every import reply is wrapped in from 2.38: its fields as the docs show them
 * for the same endpoint (the async import reply, "Async data value import",
 * #webapi_data_values_async_import), around the documented import summary above.
 */
export const documentedWrappedSummary = {
  httpStatus: "OK",
  httpStatusCode: 200,
  status: "OK",
  message: "Import was successful.",
  response: documentedImportSummary,
};

/**
 * A reply with a conflict, as 2.38+ sends it when a value is ignored (HTTP 409, status WARNING).
 * Assembled: the envelope's fields are the documented ones above; each conflict has the JSON
 * properties of DHIS2's ImportConflict (object, objects, value, errorCode, property, indexes:
 * dhis2/dhis2-core, dhis-2/dhis-api/src/main/java/org/hisp/dhis/dxf2/importsummary/ImportConflict.java);
 * the counts are the docs' bulk example, where one of four values "was caused by the last data
 * value having an invalid reference to org unit" (data.md, #webapi_sending_bulks_data_values).
 */
export const conflictReply = {
  httpStatus: "Conflict",
  httpStatusCode: 409,
  status: "WARNING",
  message: "One more conflicts encountered, please check import summary.",
  response: {
    responseType: "ImportSummary",
    status: "WARNING",
    importOptions: { idSchemes: {}, dryRun: false, async: false, importStrategy: "CREATE_AND_UPDATE" },
    description: "Import process completed successfully",
    importCount: { imported: 2, updated: 1, ignored: 1, deleted: 0 },
    conflicts: [
      {
        object: "Jkhdsf8sdf4",
        objects: { organisationUnit: "Jkhdsf8sdf4" },
        value: "Org unit not found or not accessible: `Jkhdsf8sdf4`",
        errorCode: "E7612",
        property: "orgUnit",
        indexes: [3],
      },
    ],
    dataSetComplete: "false",
  },
};
