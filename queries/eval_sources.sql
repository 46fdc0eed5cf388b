-- Where the internal evaluation of an instansi-year comes from: the imports whose rows are
-- shown (survey, checklist, action plan), with the file, who imported it and when. The synthetic
-- demo is marked by its dataset's kind.
WITH members AS (
    SELECT code FROM entity WHERE code = $instansi OR (parent_code = $instansi AND level = 'unit')
), ids AS (
    SELECT DISTINCT import_id, 'survey' AS part
    FROM eval_survey_unit
    WHERE dataset = $dataset AND year = $year AND entity_code IN (SELECT code FROM members)
    UNION
    SELECT DISTINCT import_id, 'checklist'
    FROM eval_checklist
    WHERE dataset = $dataset AND year = $year AND entity_code IN (SELECT code FROM members)
)
SELECT ids.part, l.import_id, l.file_name, l.who, l.imported_at, d.kind AS dataset_kind
FROM ids
JOIN import_log l ON l.import_id = ids.import_id
JOIN dataset d ON d.name = l.dataset
ORDER BY ids.part DESC, l.imported_at DESC;
