-- Version 5: a pseudonymous key per citizen for the working group's CSV files: random,
-- stored, not derivable from the name or the CPR number. Made when first needed.
CREATE TABLE citizen_report_key (
    citizen_id  TEXT PRIMARY KEY REFERENCES citizen(id) ON DELETE CASCADE,
    key         TEXT NOT NULL UNIQUE
);
