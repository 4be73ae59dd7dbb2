-- The planning level (issue 12): what capacity and stock are planned on. 0.5 is the median
-- forecast, 0.8 and 0.95 the upper edge of the 80 % and 95 % bands. Administrators choose it on
-- the norms page.
INSERT INTO norms (key, value, unit, source) VALUES
  ('planning_level', 0.8, 'level', 'Albergue default: the upper edge of the 80 % band (decision 013); 0.5 median, 0.95 the 95 % band')
ON CONFLICT (key) DO NOTHING;
