-- The unit codes named by the survey frame `survey_raw`, with where they first appear and the
-- names and parents the file gives them (to check against the entity list).
SELECT trim(unit_code) AS unit_code,
       min(_row) AS first_row,
       count(*) AS n_rows,
       count(DISTINCT nullif(trim(unit_name), '')) AS n_names,
       count(DISTINCT nullif(trim(parent_code), '')) AS n_parents,
       coalesce(min(nullif(trim(unit_name), '')), '') AS unit_name,
       coalesce(min(nullif(trim(parent_code), '')), '') AS parent_code
FROM survey_raw
WHERE trim(unit_code) <> ''
GROUP BY trim(unit_code)
ORDER BY first_row;
