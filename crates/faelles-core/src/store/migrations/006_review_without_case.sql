-- Version 6: an agreement can be followed up between meetings (the Opfølgning view). Such a
-- review belongs to the citizen's next case when there is one (it then shows in that case's
-- "Siden sidst"); when the citizen has no coming case, it is made without a case and dated by
-- `reviewed_at`. SQLite cannot make a column nullable in place: the table is rebuilt with its
-- rows. A case's reviews stay one per agreement (UNIQUE; NULLs are distinct, so an agreement
-- may have several reviews made without a case: its history).
CREATE TABLE agreement_review_new (
    case_id       TEXT REFERENCES "case"(id) ON DELETE CASCADE,
    agreement_id  TEXT NOT NULL REFERENCES agreement(id),
    outcome       TEXT NOT NULL CHECK (outcome IN ('done', 'continues', 'dropped')),
    comment       TEXT NOT NULL DEFAULT '',
    reviewed_at   TEXT NOT NULL,
    UNIQUE (case_id, agreement_id)
);
INSERT INTO agreement_review_new (case_id, agreement_id, outcome, comment, reviewed_at)
    SELECT case_id, agreement_id, outcome, comment, reviewed_at FROM agreement_review;
DROP TABLE agreement_review;
ALTER TABLE agreement_review_new RENAME TO agreement_review;
CREATE INDEX agreement_review_agreement ON agreement_review(agreement_id);

-- The Opfølgning view reads the open agreements and those reviewed lately, not all of them.
CREATE INDEX agreement_status ON agreement(status);
CREATE INDEX agreement_review_reviewed ON agreement_review(reviewed_at);
