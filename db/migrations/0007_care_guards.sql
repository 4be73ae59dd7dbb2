-- Encounters are records of care given: append-only like the other ledgers.
CREATE TRIGGER care_encounters_append_only
  BEFORE UPDATE OR DELETE ON care_encounters
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
