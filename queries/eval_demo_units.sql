-- The 9 Setda bureaus of every province (codes like 62.B7), for the synthetic evaluation demo.
SELECT code, name, parent_code
FROM entity
WHERE level = 'unit' AND regexp_full_match(code, '[0-9]{2}\.B[1-9]')
ORDER BY parent_code, code;
