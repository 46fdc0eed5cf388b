-- The Kemendagri list: every province and kabupaten/kota, with its level.
SELECT code, name, 'provinsi' AS level FROM province
UNION ALL
SELECT code, name, CASE WHEN name LIKE 'Kota %' THEN 'kota' ELSE 'kabupaten' END AS level FROM regency;
