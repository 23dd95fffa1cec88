-- Stored codes follow the domain's `code()`: recurrences as the extraction
-- contract writes them ("half-yearly", not the Rust name "halfyearly").
UPDATE tasks SET recurrence = 'half-yearly' WHERE recurrence = 'halfyearly';
