-- The 38 provinces with their (inferred) survey batch.
SELECT code, name, batch FROM province ORDER BY code;
