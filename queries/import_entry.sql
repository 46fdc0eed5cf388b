-- One entry of the import log, with what rolling it back would do: the rows it wrote that are
-- still in place (counted in entity_year_source, migrations/0004), the rows it replaced (to
-- restore), and any later import that has since replaced rows it wrote (which must be rolled
-- back first).
SELECT l.import_id, l.kind, l.dataset, l.rolled_back_by, d.kind AS dataset_kind,
       (SELECT CAST(coalesce(sum(s.n_scores), 0) AS BIGINT) FROM entity_year_source s
         WHERE s.import_id = $import_id
           AND s.dataset = (SELECT x.dataset FROM import_log x WHERE x.import_id = $import_id))
       + (SELECT count(*) FROM recognition g WHERE g.import_id = $import_id) AS rows_in_place,
       (SELECT count(*) FROM score_replaced r WHERE r.replaced_by = $import_id)
       + (SELECT count(*) FROM recognition_replaced g WHERE g.replaced_by = $import_id) AS rows_to_restore,
       least((SELECT min(r.replaced_by) FROM score_replaced r
               WHERE r.import_id = $import_id AND r.replaced_by > $import_id),
             (SELECT min(g.replaced_by) FROM recognition_replaced g
               WHERE g.import_id = $import_id AND g.replaced_by > $import_id)) AS blocked_by
FROM import_log l
LEFT JOIN dataset d ON d.name = l.dataset
WHERE l.import_id = $import_id;
