-- Small-cell suppression (issue 14, decision 015): in care aggregates by facility and group,
-- counts from 1 to this value minus one are shown as "< n", so a planner cannot single out a
-- person. Administrators can raise it on the norms page.
INSERT INTO norms (key, value, unit, source) VALUES
  ('small_cell_norm', 5, 'people', 'Albergue default: counts under 5 suppressed in care aggregates (common statistical disclosure practice, e.g. HIPAA/WHO minimum cell sizes)')
ON CONFLICT (key) DO NOTHING;
