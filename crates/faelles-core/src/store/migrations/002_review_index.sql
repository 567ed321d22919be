-- Version 2: the carry-over and review queries look reviews up by agreement.
CREATE INDEX IF NOT EXISTS agreement_review_agreement ON agreement_review(agreement_id);
