-- How many score rows of a dataset an export leaves out (suppressed: too few respondents, or
-- complementary suppression).
SELECT (SELECT count(*) FROM score WHERE dataset = $dataset)
     - (SELECT count(*) FROM score_shown($min_respondents) WHERE dataset = $dataset) AS withheld;
