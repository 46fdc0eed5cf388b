-- Synthetic respondents for benchmarks/eval_aggregation.py: $n rows spread over the Setda
-- bureaus, ratings 1..5 (about 2% missing), deterministic for a given $seed.
SELECT setseed($seed) AS _;

WITH units AS (
    SELECT list(code ORDER BY code) AS codes
    FROM entity
    WHERE level = 'unit' AND regexp_full_match(code, '[0-9]{2}\.B[1-9]')
)
SELECT 'B' || lpad(CAST(i AS VARCHAR), 7, '0') AS respondent_id,
       codes[1 + CAST(floor(random() * len(codes)) AS INTEGER)] AS unit_code,
       '2026' AS year,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS BP1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS BP2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS BP3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AK1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AK2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AK3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KO1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KO2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KO3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS HA1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS HA2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS HA3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS LO1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS LO2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS LO3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AD1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AD2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS AD3,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KL1,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KL2,
       CASE WHEN random() < 0.02 THEN '' ELSE CAST(1 + CAST(floor(random() * 5) AS INTEGER) AS VARCHAR) END AS KL3
FROM range(1, $n + 1) r(i), units
ORDER BY i;
