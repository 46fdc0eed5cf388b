-- The unit codes named by the survey frame `survey_raw`, with where they first appear and the
-- names and parents the file gives them (to check against the entity list).
-- (Cells arrive trimmed of spaces: berakhlak.evaluation.internal._survey_frame.)
SELECT unit_code AS unit_code,
       min(_row) AS first_row,
       count(*) AS n_rows,
       count(DISTINCT nullif(unit_name, '')) AS n_names,
       count(DISTINCT nullif(parent_code, '')) AS n_parents,
       coalesce(min(nullif(unit_name, '')), '') AS unit_name,
       coalesce(min(nullif(parent_code, '')), '') AS parent_code
FROM survey_raw
WHERE unit_code <> ''
GROUP BY unit_code
ORDER BY first_row;
